import type { CredentialType } from './credentialType';

/** Username git sends with an API token when the Bitbucket username is unknown. */
export const apiTokenGitUsername = 'x-bitbucket-api-token-auth';

export interface BitbucketCredentials {
  readonly type: CredentialType;
  /** The Basic-auth user: the Atlassian email for API tokens, the username for app passwords. */
  readonly restUsername: string;
  readonly secret: string;
}

export function basicAuthorization(credentials: BitbucketCredentials): string {
  const pair = `${credentials.restUsername}:${credentials.secret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
