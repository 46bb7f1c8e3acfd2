import type { AccessTokenIdentity } from '../bitbucket/accessTokenIdentity';
import type { DataCenterIdentity } from '../bitbucket/dataCenterIdentity';
import type { CurrentUserResult, WorkspaceCheck } from '../bitbucket/client';
import type { AccessTokenTarget, BitbucketCredentials } from '../bitbucket/credentials';
import type { BitbucketError } from '../bitbucket/errors';
import type { ScopeCheck } from '../bitbucket/scopes';
import type { WorkspaceList } from '../bitbucket/workspaceList';
import type { UserMessage } from '../userMessage';
import type { ConnectField } from './connectFields';
import type { ConnectForm } from './connectInput';
import type { OriginChange, Origins } from './origins';
import type { ConnectionProfile } from './profile';

/**
 * What ConnectionService is built on (the Bitbucket client, from the settings) and what its
 * Connect, Test and Replace Token answer: a report of what Bitbucket said, or why not.
 */

export interface BitbucketApi {
  getCurrentUser(credentials: BitbucketCredentials): Promise<CurrentUserResult>;
  checkWorkspace(credentials: BitbucketCredentials, workspace: string): Promise<WorkspaceCheck>;
  listWorkspaces(credentials: BitbucketCredentials): Promise<WorkspaceList>;
  /** A Cloud access token: what it is for, read with it (see accessTokenIdentity.ts). */
  identifyAccessToken(credentials: BitbucketCredentials, target: AccessTokenTarget): Promise<AccessTokenIdentity>;
  /** A Data Center token, on the server the client was made for (see dataCenterIdentity.ts). */
  identifyDataCenterToken(credentials: BitbucketCredentials, projectKey: string | undefined): Promise<DataCenterIdentity>;
}

/**
 * Builds a client from the current settings (and says which origins they name), or says why the
 * settings are refused. With a Data Center server URL, the client is for that server and both
 * origins are its own: the form names the server, not a setting.
 */
export type ClientFactory = (dataCenterServerUrl?: string) => { ok: true; client: BitbucketApi; origins: Origins } | { ok: false; problem: UserMessage };

export interface ConnectionReport {
  readonly profile: ConnectionProfile;
  readonly scopes: ScopeCheck;
  readonly workspace: WorkspaceCheck | undefined;
  /** The account's workspaces, for the form to offer; only when the form asked. */
  readonly workspaces?: WorkspaceList;
}

export type ConnectionFailure =
  | { readonly kind: 'invalidInput'; readonly fieldErrors: Partial<Record<ConnectField, UserMessage>> }
  | { readonly kind: 'settings'; readonly problem: UserMessage }
  | { readonly kind: 'bitbucket'; readonly error: BitbucketError }
  | { readonly kind: 'storage'; readonly cause: unknown }
  /** The list of connections is full (connectionList.ts). */
  | { readonly kind: 'tooMany'; readonly problem: UserMessage }
  /** A Disconnect came while Bitbucket was checking: Disconnect wins, and nothing was stored. */
  | { readonly kind: 'disconnectedMeanwhile' };

export type ConnectOutcome = { readonly ok: true; readonly report: ConnectionReport } | { readonly ok: false; readonly failure: ConnectionFailure };
/**
 * A test can also find nothing to test, a secret that belongs to another window's connect, or a
 * setting that now points away from where the connection was made.
 */
export type TestFailure =
  | ConnectionFailure
  | { readonly kind: 'notConnected' }
  | { readonly kind: 'changedElsewhere' }
  | { readonly kind: 'originChanged'; readonly change: OriginChange };
export type TestOutcome = ConnectOutcome | { readonly ok: false; readonly failure: TestFailure };

/** What the form sends to replace the token: the rest comes from the stored profile. */
export type ReplaceTokenForm = Pick<ConnectForm, 'email' | 'secret' | 'expiresOn'>;
export type ReplaceFailure = TestFailure | { readonly kind: 'otherAccount'; readonly connected: string; readonly tokenOf: string };
export type ReplaceOutcome = ConnectOutcome | { readonly ok: false; readonly failure: ReplaceFailure };
