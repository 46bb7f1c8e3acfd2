/** How a connection's profile and credentials are made from the form and from `/2.0/user`. Pure. */
import type { CurrentUserResult } from '../bitbucket/client';
import type { BitbucketCredentials } from '../bitbucket/credentials';
import { neutraliseServerText } from '../bitbucket/serverText';
import type { ConnectInput } from './connectInput';
import { isBitbucketUsername, type ConnectionProfile } from './profile';

export function credentialsFor(input: ConnectInput): BitbucketCredentials {
  const restUsername = (input.credentialType === 'apiToken' ? input.email : input.username) ?? '';
  return { type: input.credentialType, restUsername, secret: input.secret };
}

export function inputFromProfile(profile: ConnectionProfile, secret: string): ConnectInput {
  return {
    credentialType: profile.credentialType,
    email: profile.email,
    username: profile.username,
    secret,
    workspace: profile.workspace,
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
