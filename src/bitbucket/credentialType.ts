/** The kinds of Bitbucket credential. No imports: the Connect form's webview bundle uses this list too. */
export const credentialTypes = ['apiToken', 'accessToken', 'appPassword'] as const;
/**
 * `apiToken`: Atlassian email + API token. `accessToken`: a Cloud repository, project or workspace
 * access token (a bot identity, no user). `appPassword`: legacy, removed by Bitbucket (see appPasswordsRemovedOn).
 */
export type CredentialType = (typeof credentialTypes)[number];

/** What a Cloud access token was created for: in the repository's, project's or workspace's settings. */
export const accessTokenScopes = ['repository', 'project', 'workspace'] as const;
export type AccessTokenScope = (typeof accessTokenScopes)[number];

export type AuthScheme = 'basic' | 'bearer';

/** Cloud access tokens go only as `Authorization: Bearer <token>` (issue 24); the others as Basic user:secret. */
export function authSchemeOf(type: CredentialType): AuthScheme {
  return type === 'accessToken' ? 'bearer' : 'basic';
}
