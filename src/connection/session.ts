/**
 * What other extensions may see: the connection without internal fields, and, only through
 * VS Code's authentication API (which asks the user first), a session that holds the secret.
 *
 * Pure: no `vscode` import.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BitbucketConnection } from '../../api/nora-bitbucket';
import { accessTokenGitUsername, apiTokenGitUsername } from '../bitbucket/credentials';
import { authSchemeOf } from '../bitbucket/credentialType';
import { isDataCenterSlug } from '../bitbucket/dataCenterNames';
import { isBitbucketUsername, type ConnectionProfile } from './profile';
import type { StoredCredentials } from './storedConnection';

/** Shaped like `vscode.AuthenticationSession`. */
export interface BitbucketSession {
  /** The connection's credential id: new at each connect. */
  readonly id: string;
  /** The API token, access token or app password. */
  readonly accessToken: string;
  /**
   * `label` is the REST Basic user name: the Atlassian email (API token) or the username (app
   * password), or what an access token is for; `id` the Bitbucket account id, or the credential id when Bitbucket reported none.
   */
  readonly account: { readonly id: string; readonly label: string };
  readonly scopes: readonly string[];
}

export function publicConnection(profile: ConnectionProfile): BitbucketConnection {
  return {
    credentialType: profile.credentialType,
    authType: authSchemeOf(profile.credentialType),
    email: profile.email,
    username: profile.username,
    gitUsername: gitUsernameFor(profile),
    workspace: profile.workspace,
    serverUrl: profile.serverUrl,
    projectKey: profile.projectKey,
    repository: profile.repository,
    displayName: profile.displayName,
    accountId: profile.accountId,
    grantedScopes: profile.grantedScopes,
    lastTestedAt: profile.lastTestedAt,
  };
}

/**
 * The user name git sends, decided here for agent terminals and VS Code's Git alike: `x-token-auth`
 * for an access token (issue 24), a Data Center personal token's user, else the Bitbucket username
 * when known, else the one Bitbucket reserves for API tokens. None for a Data Center project or
 * repository token: git sends it only as a header.
 */
export function gitUsernameFor(profile: ConnectionProfile): string | undefined {
  if (profile.credentialType === 'accessToken') return accessTokenGitUsername;
  // A Data Center personal token signs git in as its user; project and repository tokens work only as Bearer (issue 24).
  if (profile.credentialType === 'dataCenter') return profile.tokenOwner === 'person' && isDataCenterSlug(profile.username) ? profile.username : undefined;
  return isBitbucketUsername(profile.username) ? profile.username : apiTokenGitUsername;
}

export function restUsernameFor(profile: ConnectionProfile): string {
  return (profile.credentialType === 'apiToken' ? profile.email : profile.username) ?? '';
}

/** The session's account label: the REST Basic user, what an access token (a bot, no user) is for, or a Data Center user's slug. */
export function accountLabelFor(profile: ConnectionProfile): string {
  if (profile.credentialType === 'dataCenter') return profile.username ?? profile.displayName;
  return profile.credentialType === 'accessToken' ? profile.displayName : restUsernameFor(profile);
}

export function sessionFor(profile: ConnectionProfile, secret: string): BitbucketSession {
  return {
    id: profile.credentialId,
    accessToken: secret,
    account: { id: profile.accountId ?? profile.credentialId, label: accountLabelFor(profile) },
    scopes: profile.grantedScopes ?? [],
  };
}

/**
 * Bitbucket fixes a token's scopes when it is created, so a request for scopes can only be
 * answered by a session that has them all; when Bitbucket did not report scopes, nobody knows.
 */
export function sessionMatchesScopes(profile: ConnectionProfile, requested: readonly string[] | undefined): boolean {
  return missingScopes(profile, requested).length === 0;
}

/** The requested scopes the connection's token lacks; none when Bitbucket did not report its scopes. */
export function missingScopes(profile: ConnectionProfile, requested: readonly string[] | undefined): string[] {
  const granted = profile.grantedScopes;
  if (!requested || granted === undefined) return [];
  return requested.filter((scope) => !granted.includes(scope));
}

/** The connection's details, only for the holder of its current session. */
export function connectionForSession(
  session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined,
  stored: StoredCredentials,
): BitbucketConnection | undefined {
  return stored.state === 'connected' && sessionIsCurrent(session, stored.profile, stored.secret) ? publicConnection(stored.profile) : undefined;
}

/** Whether `session` is the stored connection's: same id and same secret (compared in constant time). */
export function sessionIsCurrent(
  session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined,
  profile: ConnectionProfile,
  secret: string,
): boolean {
  if (typeof session?.id !== 'string' || typeof session.accessToken !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return session.id === profile.credentialId && timingSafeEqual(digest(session.accessToken), digest(secret));
}
