import { authSchemeOf, type AccessTokenScope, type CredentialType } from './credentialType';

/** Username git sends with an API token when the Bitbucket username is unknown. */
export const apiTokenGitUsername = 'x-bitbucket-api-token-auth';
/** Username git sends with a Cloud access token, the token being the password (issue 24). */
export const accessTokenGitUsername = 'x-token-auth';

/** What a Cloud access token is for: no API lists access tokens, so the user names it (issue 24). */
export interface AccessTokenTarget {
  readonly scope: AccessTokenScope;
  readonly workspace: string;
  /** A repository token's repository slug. */
  readonly repository?: string;
}

export interface BitbucketCredentials {
  readonly type: CredentialType;
  /** The Basic-auth user: the Atlassian email for API tokens, the username for app passwords; empty for Bearer. */
  readonly restUsername: string;
  readonly secret: string;
}

/** The Authorization header a request is signed with, by the credential's scheme. */
export function authorizationFor(credentials: BitbucketCredentials): string {
  return authSchemeOf(credentials.type) === 'bearer' ? `Bearer ${credentials.secret}` : basicAuthorization(credentials);
}

export function basicAuthorization(credentials: BitbucketCredentials): string {
  const pair = `${credentials.restUsername}:${credentials.secret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
