/** The kinds of Bitbucket credential. No imports: the Connect form's webview bundle uses this list too. */
export const credentialTypes = ['apiToken', 'appPassword'] as const;
/** `apiToken`: Atlassian email + API token. `appPassword`: legacy, removed by Bitbucket (see appPasswordsRemovedOn). */
export type CredentialType = (typeof credentialTypes)[number];
