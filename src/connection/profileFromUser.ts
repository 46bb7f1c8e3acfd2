/** How a connection's profile and credentials are made from the form and from `/2.0/user`. Pure. */
import type { AccessTokenIdentity } from '../bitbucket/accessTokenIdentity';
import type { DataCenterIdentity } from '../bitbucket/dataCenterIdentity';
import type { CurrentUserResult } from '../bitbucket/client';
import type { BitbucketCredentials } from '../bitbucket/credentials';
import { neutraliseServerText } from '../bitbucket/serverText';
import type { ConnectInput } from './connectInput';
import { isBitbucketUsername, type ConnectionProfile } from './profile';

export function credentialsFor(input: ConnectInput): BitbucketCredentials {
  // Access and Data Center tokens go as Bearer: no user at all.
  const restUsername = (input.credentialType === 'apiToken' ? input.email : input.credentialType === 'appPassword' ? input.username : '') ?? '';
  return { type: input.credentialType, restUsername, secret: input.secret };
}

export function inputFromProfile(profile: ConnectionProfile, secret: string): ConnectInput {
  return {
    credentialType: profile.credentialType,
    email: profile.email,
    username: profile.username,
    secret,
    workspace: profile.workspace,
    ...(profile.accessTokenScope && { accessTokenScope: profile.accessTokenScope }),
    ...(profile.repository !== undefined && { repository: profile.repository }),
    ...(profile.serverUrl !== undefined && { serverUrl: profile.serverUrl }),
    ...(profile.projectKey !== undefined && { projectKey: profile.projectKey }),
    expiresOn: profile.expiresOn,
  };
}

/** The profile a check of `input` makes: who Bitbucket says it is, pinned to the origins it was checked at. */
export function profileFrom(
  input: ConnectInput,
  { user, grantedScopes }: CurrentUserResult,
  credentialId: string,
  pins: Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'>,
  now: Date,
): ConnectionProfile {
  // API tokens sign in with the email; git still wants the Bitbucket username, which /2.0/user
  // tells. Not the nickname: that is a display handle, not a login name.
  const username = input.credentialType === 'apiToken' ? (isBitbucketUsername(user.username) ? user.username : undefined) : input.username;
  const displayName = neutraliseServerText(user.display_name || user.nickname || username || input.email || '');
  return {
    version: 1,
    credentialId,
    credentialType: input.credentialType,
    email: input.email,
    username,
    workspace: input.workspace,
    displayName,
    accountId: user.account_id ?? undefined,
    grantedScopes,
    lastTestedAt: now.toISOString(),
    ...(input.expiresOn && { expiresOn: input.expiresOn }),
    ...pins,
  };
}

/** An access token's profile: named by what it is for, with no user, email or account id (a bot has none to give). */
export function profileFromAccessToken(
  input: ConnectInput,
  identity: AccessTokenIdentity,
  credentialId: string,
  pins: Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'>,
  now: Date,
): ConnectionProfile {
  return {
    version: 1,
    credentialId,
    credentialType: 'accessToken',
    workspace: input.workspace,
    accessTokenScope: input.accessTokenScope,
    ...(input.repository !== undefined && { repository: input.repository }),
    displayName: identity.name,
    grantedScopes: identity.grantedScopes,
    lastTestedAt: now.toISOString(),
    ...(input.expiresOn && { expiresOn: input.expiresOn }),
    ...pins,
  };
}

/**
 * A Data Center token's profile: the server it was checked on, whose origin is both pins, and the
 * user the server says it acts as: a person, or a project's or repository's service user.
 */
export function profileFromDataCenter(
  input: ConnectInput & { readonly serverUrl: string },
  identity: DataCenterIdentity,
  credentialId: string,
  pins: Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin'>,
  now: Date,
): ConnectionProfile {
  return {
    version: 1,
    credentialId,
    credentialType: 'dataCenter',
    serverUrl: input.serverUrl,
    tokenOwner: identity.owner,
    username: identity.slug,
    ...(identity.email !== undefined && { email: identity.email }),
    ...(input.projectKey !== undefined && { projectKey: input.projectKey }),
    serverVersion: identity.version,
    displayName: identity.displayName,
    lastTestedAt: now.toISOString(),
    ...(input.expiresOn && { expiresOn: input.expiresOn }),
    apiOrigin: pins.apiOrigin,
    gitOrigin: pins.gitOrigin,
  };
}
