/** The kinds of Bitbucket credential. No imports: the Connect form's webview bundle uses this list too. */
export const credentialTypes = ['apiToken', 'accessToken', 'dataCenter', 'appPassword'] as const;
/**
 * `apiToken`: Atlassian email + API token. `accessToken`: a Cloud repository, project or workspace
 * access token (a bot identity, no user). `dataCenter`: a Bitbucket Data Center HTTP access token
 * (personal, project or repository) on the user's own server. `appPassword`: legacy, removed by
 * Bitbucket (see appPasswordsRemovedOn).
 */
export type CredentialType = (typeof credentialTypes)[number];

/** What a Cloud access token was created for: in the repository's, project's or workspace's settings. */
export const accessTokenScopes = ['repository', 'project', 'workspace'] as const;
export type AccessTokenScope = (typeof accessTokenScopes)[number];

export type AuthScheme = 'basic' | 'bearer';

/**
 * Cloud access tokens go only as `Authorization: Bearer <token>`; so do Data Center tokens, whose
 * project and repository kinds work only as Bearer (issue 24). The others go as Basic user:secret.
 */
export function authSchemeOf(type: CredentialType): AuthScheme {
  return type === 'accessToken' || type === 'dataCenter' ? 'bearer' : 'basic';
}

/** Who a Data Center token acts as: a person (a personal token), or the service user of a project or repository token. */
export const dataCenterTokenOwners = ['person', 'service'] as const;
export type DataCenterTokenOwner = (typeof dataCenterTokenOwners)[number];
