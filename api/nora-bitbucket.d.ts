/**
 * The API that the "Nora: Bitbucket" extension (`nora.nora-bitbucket`) returns from `activate()`.
 * Copy this file into your extension and get it with:
 *
 *   const api = await vscode.extensions.getExtension<NoraBitbucketApi>('nora.nora-bitbucket')?.activate();
 *
 * Without a session you learn only whether Bitbucket is connected. The token, and the
 * connection's details (email, account, workspace, scopes), are given only for a session from VS
 * Code's authentication API, which asks the user once per extension:
 *
 *   const session = await vscode.authentication.getSession('nora-bitbucket', [], { createIfNone: true });
 *   // REST: Basic base64(`${session.account.label}:${session.accessToken}`), or, when the
 *   //       connection's `authType` is `bearer` (an access or Data Center token), Bearer `${session.accessToken}`
 *   // git:  user name `(await api.getConnection(session))?.gitUsername`, password `session.accessToken`;
 *   //       a Data Center project or repository token (`gitUsername` undefined) only as the header
 *   //       `Authorization: Bearer …` (git's `http.<serverUrl>/.extraHeader`)
 */
import type { AuthenticationSession, Event } from 'vscode';

/** The authentication provider id, for `vscode.authentication.getSession`. Its label is "Bitbucket (Nora)". */
export type NoraBitbucketAuthenticationProviderId = 'nora-bitbucket';

/**
 * A session of the `nora-bitbucket` provider (an `AuthenticationSession`):
 * - `id`: the connection's id, new at each connect;
 * - `accessToken`: the API token, the repository, project or workspace access token (or the legacy app password);
 * - `account.label`: the REST Basic user name, that is the Atlassian account email for an API
 *   token and the Bitbucket username for an app password; for an access token, what it is for
 *   (`workspace/repository` or `workspace`); `account.id`: the Bitbucket account id
 *   (`account_id` from `/2.0/user`), or the connection's id (`id`) when Bitbucket reported none;
 * - `scopes`: what Bitbucket reported in `x-oauth-scopes` (empty when it did not say). A request
 *   for scopes the token lacks finds no session; token scopes are fixed at creation. When the user
 *   connects a token without them while you wait (`createIfNone`), `getSession` rejects with an
 *   error that names the missing scopes, and the Connect form stays open and names them too.
 */
export type NoraBitbucketSession = AuthenticationSession;

/** The stored connection, without the secret: only for the holder of its session. */
export interface BitbucketConnection {
  /**
   * `apiToken` (Atlassian email + API token), `accessToken` (a repository, project or workspace
   * access token: a bot, no user), `dataCenter` (a Bitbucket Data Center HTTP access token, on
   * `serverUrl`) or `appPassword` (legacy, removed by Bitbucket on 2026-07-28).
   */
  readonly credentialType: 'apiToken' | 'accessToken' | 'dataCenter' | 'appPassword';
  /** How REST requests are signed: `basic` (user and secret) or `bearer` (the token alone). */
  readonly authType: 'basic' | 'bearer';
  /** The Atlassian account email (API tokens), or the Data Center user's. */
  readonly email?: string | undefined;
  /** The Bitbucket username; may be unknown for an API token. On Data Center, the user's slug. */
  readonly username?: string | undefined;
  /**
   * The user name for git over HTTPS: `x-token-auth` for an access token, the user's slug for a
   * Data Center personal token, else `username`, or `x-bitbucket-api-token-auth` when it is
   * unknown. Undefined for a Data Center project or repository token, which git sends only as a header.
   */
  readonly gitUsername: string | undefined;
  /** Data Center only: the server's address (REST under `/rest/api/latest`, git under `/scm`). */
  readonly serverUrl?: string | undefined;
  /** Data Center only: the project key the user gave, if any. */
  readonly projectKey?: string | undefined;
  readonly workspace?: string | undefined;
  /** A repository access token's repository. */
  readonly repository?: string | undefined;
  readonly displayName: string;
  readonly accountId?: string | undefined;
  /** What Bitbucket reported in `x-oauth-scopes`, when it did. */
  readonly grantedScopes?: readonly string[] | undefined;
  /** ISO 8601 time of the last successful connect or test. */
  readonly lastTestedAt: string;
}

/** What every extension may know without a session. */
export interface BitbucketConnectionState {
  readonly connected: boolean;
}

export interface NoraBitbucketApi {
  /** Whether Bitbucket is connected: all an extension learns without a session. */
  isConnected(): boolean;
  /**
   * The connection's details, for a session you obtained with the user's consent through
   * `vscode.authentication.getSession('nora-bitbucket', …)`. `undefined` when not connected, or when
   * `session` is not the current connection's (reconnected or signed out since). Never the secret.
   */
  getConnection(session: AuthenticationSession): Promise<BitbucketConnection | undefined>;
  /**
   * The variables an agent process needs, for a session you obtained with the user's consent
   * through `vscode.authentication.getSession('nora-bitbucket', …)`: `BITBUCKET_USERNAME`,
   * `BITBUCKET_APP_PASSWORD`, `BITBUCKET_WORKSPACE`, `BITBUCKET_EMAIL`, `BITBUCKET_API_TOKEN`,
   * `BITBUCKET_API_URL`, `BITBUCKET_TOKEN_EXPIRES` (when the user entered the token's expiry
   * date), and the `GIT_CONFIG_*` entries that let git reach the Bitbucket host without a prompt
   * (appended to any in this process's environment), with `GIT_CONFIG_PARAMETERS` stripped of its
   * `credential.*` entries when this process has one. `undefined` in a folder the user has not
   * trusted (Restricted Mode): the user is told why. A name set to `null` must be removed from
   * the process's environment, so a merge keeps no stale `BITBUCKET_USERNAME` or
   * `BITBUCKET_WORKSPACE` beside a new token. Also `undefined` when not connected, or when `session` is
   * not the current connection's (reconnected or signed out since). Holds the secret: never log it.
   */
  getEnvironment(session: AuthenticationSession): Promise<Record<string, string | null> | undefined>;
  /**
   * Fires after a connect, test, disconnect or change in another window. It says only whether
   * Bitbucket is connected; a session holder reads the details with `getConnection(session)`.
   */
  readonly onDidChangeConnection: Event<BitbucketConnectionState>;
}
