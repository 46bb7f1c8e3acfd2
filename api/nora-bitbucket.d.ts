/**
 * The API that the "Nora: Bitbucket" extension (`nora.nora-bitbucket`) returns from `activate()`.
 * Copy this file into your extension and get it with:
 *
 *   const api = await vscode.extensions.getExtension<NoraBitbucketApi>('nora.nora-bitbucket')?.activate();
 */
import type { Event } from 'vscode';

/** The stored connection, without the secret. */
export interface BitbucketConnection {
  /** `apiToken` (Atlassian email + API token) or `appPassword` (legacy, removed by Bitbucket on 2026-07-28). */
  readonly credentialType: 'apiToken' | 'appPassword';
  /** The Atlassian account email (API tokens only). */
  readonly email?: string | undefined;
  /** The Bitbucket username, which git uses; may be unknown for an API token. */
  readonly username?: string | undefined;
  readonly workspace?: string | undefined;
  readonly displayName: string;
  readonly accountId?: string | undefined;
  /** What Bitbucket reported in `x-oauth-scopes`, when it did. */
  readonly grantedScopes?: readonly string[] | undefined;
  /** ISO 8601 time of the last successful connect or test. */
  readonly lastTestedAt: string;
}

export interface NoraBitbucketApi {
  /** The connection, or `undefined` when none is stored. Never the secret. */
  getConnection(): BitbucketConnection | undefined;
  /**
   * The variables an agent process needs: `BITBUCKET_USERNAME`, `BITBUCKET_APP_PASSWORD`,
   * `BITBUCKET_WORKSPACE`, `BITBUCKET_EMAIL`, `BITBUCKET_API_TOKEN`, `BITBUCKET_API_URL`, and the
   * `GIT_CONFIG_*` entries that let git reach the Bitbucket host without a prompt (appended to
   * any in this process's environment). Merge them into the process's environment. Read from
   * SecretStorage at each call; `undefined` when not connected. Holds the secret: never log it.
   */
  getEnvironment(): Promise<Record<string, string> | undefined>;
  /** Fires after a connect, test, disconnect or change in another window. */
  readonly onDidChangeConnection: Event<BitbucketConnection | undefined>;
}
