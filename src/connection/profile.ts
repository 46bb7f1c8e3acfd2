import { accessTokenScopes, credentialTypes, dataCenterTokenOwners, type AccessTokenScope, type CredentialType, type DataCenterTokenOwner } from '../bitbucket/credentialType';
import { isDataCenterSlug, isProjectKey } from '../bitbucket/dataCenterNames';
import { parseServerUrl } from './serverUrl';
import { isIsoDate } from './tokenExpiry';

/**
 * Everything about a connection except the secret. Kept in `globalState`, shared by every window;
 * the secret itself lives only in SecretStorage.
 */
export interface ConnectionProfile {
  readonly version: 1;
  /** Random, new at each connect; the stored secret carries the same id (see storedSecret.ts). */
  readonly credentialId: string;
  readonly credentialType: CredentialType;
  /** Atlassian account email: the REST username for API tokens. A Data Center user's email, shown only. */
  readonly email?: string;
  /** Bitbucket username, the git username. May be unknown for an API token. A Data Center user's slug. */
  readonly username?: string;
  /** Required for an access token: the workspace it was created in. */
  readonly workspace?: string;
  /** Access token only: what it was created for. */
  readonly accessTokenScope?: AccessTokenScope;
  /** Access token only, required for a repository token: the repository slug. */
  readonly repository?: string;
  readonly displayName: string;
  readonly accountId?: string;
  /** From `x-oauth-scopes`; absent when Bitbucket did not say. */
  readonly grantedScopes?: readonly string[];
  /** ISO time of the last successful connect or test. */
  readonly lastTestedAt: string;
  /** Where the secret may go: the API and git origins at Connect (or as the user confirmed). See origins.ts. */
  readonly apiOrigin?: string;
  readonly gitOrigin?: string;
  /** The MCP server's origin at Connect, when the MCP server was on. */
  readonly mcpOrigin?: string;
  /** Data Center only: the server's address as the user gave it (origin and context path, no trailing slash); its origin is pinned. */
  readonly serverUrl?: string;
  /** Data Center only: whose token it is, a person's (personal token) or a project's or repository's service user. */
  readonly tokenOwner?: DataCenterTokenOwner;
  /** Data Center only, optional: the project agents work in (a key such as PROJ). */
  readonly projectKey?: string;
  /** Data Center only: the server's version at the last check. */
  readonly serverVersion?: string;
  /** API, access and Data Center tokens: the day it expires (`YYYY-MM-DD`, see tokenExpiry.ts); absent when the user does not know. */
  readonly expiresOn?: string;
}

const optionalStrings = ['email', 'username', 'workspace', 'repository', 'accountId', 'apiOrigin', 'gitOrigin', 'mcpOrigin', 'serverUrl', 'projectKey', 'serverVersion'] as const;

/**
 * The stored profile, or `undefined` when the value is not one (another version, a damaged
 * store). Checked by hand rather than with zod: it runs at activation in every window, where
 * loading a schema library would cost more than the whole rest of activation.
 */
export function parseConnectionProfile(value: unknown): ConnectionProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const isString = (x: unknown): x is string => typeof x === 'string';
  if (v['version'] !== 1 || !isString(v['credentialId']) || !isString(v['displayName']) || !isString(v['lastTestedAt'])) return undefined;
  if (!credentialTypes.includes(v['credentialType'] as CredentialType)) return undefined;
  if (optionalStrings.some((key) => v[key] !== undefined && !isString(v[key]))) return undefined;
  const scopes = v['grantedScopes'];
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every(isString))) return undefined;
  const expiresOn = v['expiresOn'];
  if (expiresOn !== undefined && !(isString(expiresOn) && isIsoDate(expiresOn))) return undefined;
  if (!isAccessTokenTarget(v) || !isDataCenterTarget(v)) return undefined;
  const profile: Record<string, unknown> = {
    version: 1,
    credentialId: v['credentialId'],
    credentialType: v['credentialType'],
    displayName: v['displayName'],
    lastTestedAt: v['lastTestedAt'],
  };
  for (const key of optionalStrings) if (v[key] !== undefined) profile[key] = v[key];
  if (scopes !== undefined) profile['grantedScopes'] = [...scopes];
  if (expiresOn !== undefined) profile['expiresOn'] = expiresOn;
  if (v['accessTokenScope'] !== undefined) profile['accessTokenScope'] = v['accessTokenScope'];
  if (v['tokenOwner'] !== undefined) profile['tokenOwner'] = v['tokenOwner'];
  return profile as unknown as ConnectionProfile;
}

/**
 * An access token's profile names what the token is for (no API lists access tokens, issue 24):
 * its kind, the workspace and, for a repository token, the repository. Other kinds carry no kind.
 */
function isAccessTokenTarget(v: Record<string, unknown>): boolean {
  const scope = v['accessTokenScope'];
  if (v['credentialType'] !== 'accessToken') return scope === undefined;
  if (!accessTokenScopes.includes(scope as AccessTokenScope) || typeof v['workspace'] !== 'string') return false;
  return scope !== 'repository' || typeof v['repository'] === 'string';
}

/**
 * A Data Center profile names its server (where the secret may go), whose token it is and the
 * user's slug, all checked again here: they reach URLs, git's configuration and its credential answers.
 */
function isDataCenterTarget(v: Record<string, unknown>): boolean {
  if (v['credentialType'] !== 'dataCenter') return v['serverUrl'] === undefined && v['tokenOwner'] === undefined && v['projectKey'] === undefined;
  const server = parseServerUrl(v['serverUrl']);
  return (
    server.ok &&
    server.url === v['serverUrl'] &&
    dataCenterTokenOwners.includes(v['tokenOwner'] as DataCenterTokenOwner) &&
    isDataCenterSlug(v['username']) &&
    (v['projectKey'] === undefined || isProjectKey(v['projectKey']))
  );
}

/**
 * Bitbucket usernames are letters, digits, `_` and `-`. Anything else (a line break above all)
 * would change what the git credential helper answers, so it is never used as the git user.
 */
export function isBitbucketUsername(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(value);
}
