import type { CredentialType } from './credentialType';
import { userMessage, type UserMessage } from '../userMessage';

/** The day Bitbucket turned app passwords off, named wherever the form or a message says so. */
export const appPasswordsRemovedOn = '2026-07-28';

export interface RequiredScope {
  /** The scope name as Bitbucket reports it in `x-oauth-scopes`. */
  readonly scope: string;
  /** What the user ticks when creating the credential. */
  readonly label: string;
  readonly why: UserMessage;
}

/** Why each permission is needed, as the integration page words it. */
const why = {
  account: userMessage('Connection test: Nora calls GET /2.0/user'),
  readRepository: userMessage('Read repositories, branches and files'),
  writeRepository: userMessage('Push commits and create branches'),
  readPullRequest: userMessage('Read pull requests'),
  writePullRequest: userMessage('Open and merge pull requests'),
  readPipeline: userMessage('List pipeline runs (if your agent inspects CI)'),
  workspace: userMessage('Check that you belong to the workspace you entered'),
};

/** API-token scopes are named in the token form as Bitbucket reports them. */
const tokenScope = (scope: string, reason: RequiredScope['why']): RequiredScope => ({ scope, label: scope, why: reason });

const apiTokenScopes: readonly RequiredScope[] = [
  tokenScope('read:user:bitbucket', why.account),
  tokenScope('read:repository:bitbucket', why.readRepository),
  tokenScope('write:repository:bitbucket', why.writeRepository),
  tokenScope('read:pullrequest:bitbucket', why.readPullRequest),
  tokenScope('write:pullrequest:bitbucket', why.writePullRequest),
  tokenScope('read:pipeline:bitbucket', why.readPipeline),
];

const workspaceScope = tokenScope('read:workspace:bitbucket', why.workspace);
const apiTokenScopesWithWorkspace: readonly RequiredScope[] = [...apiTokenScopes, workspaceScope];

const appPasswordScopes: readonly RequiredScope[] = [
  { scope: 'account', label: 'Account: Read', why: why.account },
  { scope: 'repository', label: 'Repositories: Read', why: why.readRepository },
  { scope: 'repository:write', label: 'Repositories: Write', why: why.writeRepository },
  { scope: 'pullrequest:write', label: 'Pull requests: Write', why: why.writePullRequest },
  { scope: 'pipeline', label: 'Pipelines: Read', why: why.readPipeline },
];

/**
 * Access tokens are scoped when created, under the same names as app passwords (issue 24); the
 * check reads the repository, project or workspace, so no account scope is needed.
 */
const accessTokenScopes: readonly RequiredScope[] = [
  { scope: 'repository', label: 'Repositories: Read', why: why.readRepository },
  { scope: 'repository:write', label: 'Repositories: Write', why: why.writeRepository },
  { scope: 'pullrequest', label: 'Pull requests: Read', why: why.readPullRequest },
  { scope: 'pullrequest:write', label: 'Pull requests: Write', why: why.writePullRequest },
  { scope: 'pipeline', label: 'Pipelines: Read', why: why.readPipeline },
];

/**
 * Data Center tokens carry permissions, not scopes, and the server never says which a token has:
 * the table names what to choose when creating it.
 */
const dataCenterPermissions: readonly RequiredScope[] = [
  { scope: 'REPO_READ', label: 'Repository read', why: why.readRepository },
  { scope: 'REPO_WRITE', label: 'Repository write', why: why.writeRepository },
];

/** The scope that `GET /2.0/user` needs (for an access token, the repository read its check makes); without it Bitbucket answers 403. */
export function accountReadScope(type: CredentialType): RequiredScope {
  return requiredScopes(type, false)[0];
}

/** The scope that `GET /2.0/user/workspaces` needs (an app password's account scope covers it). */
export function workspaceListScope(type: CredentialType): RequiredScope {
  return type === 'apiToken' ? workspaceScope : accountReadScope(type);
}

export function requiredScopes(type: CredentialType, hasWorkspace: boolean): readonly RequiredScope[] {
  if (type === 'appPassword') return appPasswordScopes;
  if (type === 'accessToken') return accessTokenScopes;
  if (type === 'dataCenter') return dataCenterPermissions;
  return hasWorkspace ? apiTokenScopesWithWorkspace : apiTokenScopes;
}

/** App-password and access-token scopes that grant others (`pullrequest` implies `repository`, issue 24); API-token scopes imply nothing. */
const legacyImplications: Readonly<Record<string, readonly string[]>> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
};

/** Parses `x-oauth-scopes`: comma- or space-separated, with stray whitespace. */
export function parseScopeHeader(value: string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return [...new Set(value.split(/[\s,]+/).filter((scope) => scope !== ''))];
}

export function effectiveScopes(type: CredentialType, granted: readonly string[]): Set<string> {
  const effective = new Set(granted);
  if (type === 'apiToken') return effective;
  const pending = [...granted];
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    for (const implied of legacyImplications[scope] ?? []) {
      if (!effective.has(implied)) {
        effective.add(implied);
        pending.push(implied);
      }
    }
  }
  return effective;
}

export interface ScopeCheckItem extends RequiredScope {
  /** `undefined` when Bitbucket did not report the credential's scopes. */
  readonly granted: boolean | undefined;
}

export interface ScopeCheck {
  readonly items: readonly ScopeCheckItem[];
  readonly missing: readonly RequiredScope[];
}

export function checkScopes(type: CredentialType, hasWorkspace: boolean, granted: readonly string[] | undefined): ScopeCheck {
  const effective = granted === undefined ? undefined : effectiveScopes(type, granted);
  const items = requiredScopes(type, hasWorkspace).map(({ scope, label, why }) => ({
    scope,
    label,
    why,
    granted: effective === undefined ? undefined : effective.has(scope),
  }));
  return { items, missing: items.filter((item) => item.granted === false) };
}
