/** The username git sends with an API token when the Bitbucket username is unknown: Bitbucket reserves it for API tokens. */
export const apiTokenGitUsername = 'x-bitbucket-api-token-auth';
