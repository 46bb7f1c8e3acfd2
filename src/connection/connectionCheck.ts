import type { AccessTokenIdentity } from '../bitbucket/accessTokenIdentity';
import type { DataCenterIdentity } from '../bitbucket/dataCenterIdentity';
import type { CurrentUserResult } from '../bitbucket/client';
import type { BitbucketCredentials } from '../bitbucket/credentials';
import { tokenExpiredError } from '../bitbucket/errorMapping';
import { BitbucketError } from '../bitbucket/errors';
import { checkScopes, effectiveScopes, workspaceListScope } from '../bitbucket/scopes';
import type { WorkspaceList } from '../bitbucket/workspaceList';
import { missingAccessTokenWorkspace, type ConnectInput } from './connectInput';
import type { BitbucketApi, ConnectOutcome, TestFailure, TestOutcome } from './connectionOutcomes';
import type { ConnectionProfile } from './profile';
import { profileFrom, profileFromAccessToken, profileFromDataCenter } from './profileFromUser';
import { missingServerUrl } from './serverUrl';
import { hasReachedExpiry } from './tokenExpiry';

export interface CheckRequest {
  readonly input: ConnectInput;
  readonly credentials: BitbucketCredentials;
  /** The id the profile gets (a new one for a new secret). */
  readonly credentialId: string;
  /** The origins the connection is pinned to. */
  readonly pins: Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'>;
  /** Whether the form wants the account's workspaces to pick from. */
  readonly listWorkspaces: boolean;
  readonly now: Date;
}

/** Asks Bitbucket who the credentials belong to (and about the workspace); stores nothing. */
export async function checkConnection(client: BitbucketApi, request: CheckRequest): Promise<ConnectOutcome> {
  const { input, credentials, credentialId, pins, listWorkspaces, now } = request;
  if (input.credentialType === 'accessToken') return checkAccessToken(client, request);
  if (input.credentialType === 'dataCenter') return checkDataCenter(client, request);
  let user: CurrentUserResult;
  try {
    user = await client.getCurrentUser(credentials);
  } catch (error) {
    if (error instanceof BitbucketError) return { ok: false, failure: { kind: 'bitbucket', error } };
    throw error;
  }
  const workspace = input.workspace === undefined ? undefined : await client.checkWorkspace(credentials, input.workspace);
  const workspaces = listWorkspaces ? await workspacesOf(client, credentials, user.grantedScopes) : undefined;
  const profile = profileFrom(input, user, credentialId, pins, now);
  const scopes = checkScopes(input.credentialType, input.workspace !== undefined, user.grantedScopes);
  return { ok: true, report: { profile, workspace, scopes, ...(workspaces && { workspaces }) } };
}

/**
 * An access token is proven by what it is for, never by `GET /2.0/user` (refused to repository and
 * project tokens, issue 24); that request also proves the workspace, and no list is offered (the
 * workspace is fixed by the token).
 */
async function checkAccessToken(client: BitbucketApi, request: CheckRequest): Promise<ConnectOutcome> {
  const { input, credentials, credentialId, pins, now } = request;
  // Save Workspace with an empty field: an access token cannot go without its workspace.
  if (input.workspace === undefined) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: { workspace: missingAccessTokenWorkspace } } };
  const target = { scope: input.accessTokenScope ?? 'repository', workspace: input.workspace, ...(input.repository !== undefined && { repository: input.repository }) };
  let identity: AccessTokenIdentity;
  try {
    identity = await client.identifyAccessToken(credentials, target);
  } catch (error) {
    if (error instanceof BitbucketError) return { ok: false, failure: { kind: 'bitbucket', error } };
    throw error;
  }
  const profile = profileFromAccessToken(input, identity, credentialId, pins, now);
  const scopes = checkScopes('accessToken', false, identity.grantedScopes);
  return { ok: true, report: { profile, workspace: { status: 'member', permission: undefined }, scopes } };
}

/**
 * A Data Center token is proven on its own server (dataCenterIdentity.ts). Data Center never says
 * which permissions a token has, so the table only names them; there are no workspaces to list.
 */
async function checkDataCenter(client: BitbucketApi, request: CheckRequest): Promise<ConnectOutcome> {
  const { input, credentials, credentialId, pins, now } = request;
  const { serverUrl } = input;
  if (serverUrl === undefined) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: { serverUrl: missingServerUrl } } };
  let identity: DataCenterIdentity;
  try {
    identity = await client.identifyDataCenterToken(credentials, input.projectKey);
  } catch (error) {
    if (error instanceof BitbucketError) return { ok: false, failure: { kind: 'bitbucket', error } };
    throw error;
  }
  const profile = profileFromDataCenter({ ...input, serverUrl }, identity, credentialId, pins, now);
  return { ok: true, report: { profile, workspace: undefined, scopes: checkScopes('dataCenter', false, undefined) } };
}

/** A 401 on or after the date the user said the token expires: that is the reason, not a wrong token. */
export function explainExpiry(outcome: { ok: false; failure: TestFailure }, profile: ConnectionProfile, now: Date): TestOutcome {
  const { expiresOn } = profile;
  const { failure } = outcome;
  if (failure.kind !== 'bitbucket' || failure.error.kind !== 'unauthorized' || !hasReachedExpiry(expiresOn, now)) return outcome;
  return { ok: false, failure: { kind: 'bitbucket', error: tokenExpiredError(expiresOn, profile.credentialType) } };
}

/** A scope that `x-oauth-scopes` says is missing is not asked for: Bitbucket would only answer 403. */
function workspacesOf(client: BitbucketApi, credentials: BitbucketCredentials, granted: readonly string[] | undefined): Promise<WorkspaceList> {
  const needed = workspaceListScope(credentials.type);
  if (granted !== undefined && !effectiveScopes(credentials.type, granted).has(needed.scope)) {
    return Promise.resolve({ status: 'missingScope', scope: needed.label });
  }
  return client.listWorkspaces(credentials);
}
