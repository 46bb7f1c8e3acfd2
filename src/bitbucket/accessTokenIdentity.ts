/**
 * Who a Cloud access token is: a bot of a repository, project or workspace, with no user behind
 * it. `GET /2.0/user` is refused to repository and project tokens (issue 24), so the token is
 * proven by reading what it is for.
 *
 * Pure: no `vscode` import.
 */
import * as z from 'zod/mini';
import { userMessage } from '../userMessage';
import { grantedScopes, parseJson, type RawResponse } from './responses';
import type { AccessTokenTarget, BitbucketCredentials } from './credentials';
import type { AccessTokenScope } from './credentialType';
import { BitbucketError } from './errors';
import { neutraliseServerText } from './serverText';
import { isRepositorySlug, isWorkspaceSlug } from './workspaceSlug';

/** The part of the client the check uses (the client itself, without an import cycle). */
export interface IdentityClient {
  readonly apiBaseUrl: string;
  get(url: string, credentials: BitbucketCredentials): Promise<RawResponse>;
  errorFor(response: RawResponse, url: string, credentials: BitbucketCredentials): BitbucketError;
}

export interface AccessTokenIdentity {
  /** What the token is for, as the status bar names it: `acme/widgets` or `acme`. */
  readonly name: string;
  /** From `x-oauth-scopes`; `undefined` when Bitbucket did not send the header. */
  readonly grantedScopes: string[] | undefined;
}

/** `x-credential-type` of each kind (issue 24), to tell a token of another kind from a wrong one. */
const credentialTypeHeader: Record<AccessTokenScope, string> = {
  repository: 'repo_access_token',
  project: 'project_access_token',
  workspace: 'workspace_access_token',
};

const repositorySchema = z.object({ type: z.literal('repository'), full_name: z.optional(z.string()) });
const workspaceSchema = z.object({ type: z.literal('workspace'), slug: z.optional(z.string()) });
const repositoryPageSchema = z.object({ values: z.array(z.object({ type: z.literal('repository') })) });

/**
 * One request, by what the token is for (issue 24): a repository token reads its repository, a
 * project token lists one repository of the workspace (it sees only its project's), a workspace
 * token reads its workspace.
 */
export async function identifyAccessToken(client: IdentityClient, credentials: BitbucketCredentials, target: AccessTokenTarget): Promise<AccessTokenIdentity> {
  const { scope, workspace, repository } = target;
  // Never a path step such as "..": the request would reach another endpoint with the token.
  if (!isWorkspaceSlug(workspace) || (scope === 'repository' && !isRepositorySlug(repository))) throw notFound(target);
  const base = `${client.apiBaseUrl}/${scope === 'workspace' ? 'workspaces' : 'repositories'}/${encodeURIComponent(workspace)}`;
  const url = scope === 'repository' ? `${base}/${encodeURIComponent(repository ?? '')}` : scope === 'project' ? `${base}?pagelen=1` : base;
  const response = await client.get(url, credentials);
  if (response.status === 404) throw notFound(target);
  if (response.status !== 200) throw client.errorFor(response, url, credentials);
  checkKind(response, scope);
  if (scope === 'repository') parseJson(response.bodyText, repositorySchema);
  if (scope === 'workspace') parseJson(response.bodyText, workspaceSchema);
  if (scope === 'project' && parseJson(response.bodyText, repositoryPageSchema).values.length === 0) {
    throw new BitbucketError(
      'notFound',
      userMessage('The access token reaches no repository in the workspace {0}: check the workspace, and that the project token was created in one of its projects.', workspace),
    );
  }
  return { name: neutraliseServerText(scope === 'repository' ? `${workspace}/${repository ?? ''}` : workspace), grantedScopes: grantedScopes(response) };
}

/** A token of another kind than the one chosen (the header says so): the user picks the right one. */
function checkKind(response: RawResponse, scope: AccessTokenScope): void {
  const said = response.headers.get('x-credential-type');
  const actual = (Object.keys(credentialTypeHeader) as AccessTokenScope[]).find((kind) => credentialTypeHeader[kind] === said);
  if (actual === undefined || actual === scope) return;
  throw new BitbucketError(
    'wrongTokenKind',
    userMessage('This is a {0} access token, not a {1} access token: choose "{0}" under "Access token for".', actual, scope),
  );
}

function notFound({ scope, workspace, repository }: AccessTokenTarget): BitbucketError {
  return new BitbucketError(
    'notFound',
    scope === 'repository'
      ? userMessage(
          'Bitbucket found no repository {0}/{1} for this access token (404 Not Found). A repository token reaches only the repository it was created in: check the workspace and repository.',
          workspace,
          repository ?? '',
        )
      : userMessage('Bitbucket found no workspace {0} for this access token (404 Not Found): check the workspace slug.', workspace),
  );
}
