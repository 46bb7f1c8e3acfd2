import type { CurrentUserResult, WorkspaceCheck } from '../bitbucket/client';
import type { BitbucketCredentials } from '../bitbucket/credentials';
import { tokenExpiredError } from '../bitbucket/errorMapping';
import { BitbucketError } from '../bitbucket/errors';
import { checkScopes, effectiveScopes, workspaceListScope, type ScopeCheck } from '../bitbucket/scopes';
import type { WorkspaceList } from '../bitbucket/workspaceList';
import type { UserMessage } from '../userMessage';
import type { ConnectField } from './connectFields';
import { validateConnectForm, validateWorkspace, type ConnectForm, type ConnectInput } from './connectInput';
import type { ConnectionProfile } from './profile';
import { credentialsFor, inputFromProfile, profileFrom } from './profileFromUser';
import { originChange, type OriginChange, type Origins } from './origins';
import {
  readConnectionStatus,
  readStoredCredentials,
  type ConnectionStatus,
  type ProfileStore,
  type SecretStore,
  type StoredCredentials,
} from './storedConnection';
import type { StoredSecret } from './storedSecret';
import { hasReachedExpiry } from './tokenExpiry';

export interface BitbucketApi {
  getCurrentUser(credentials: BitbucketCredentials): Promise<CurrentUserResult>;
  checkWorkspace(credentials: BitbucketCredentials, workspace: string): Promise<WorkspaceCheck>;
  listWorkspaces(credentials: BitbucketCredentials): Promise<WorkspaceList>;
}

/** Builds a client from the current settings (and says which origins they name), or says why the settings are refused. */
export type ClientFactory = () => { ok: true; client: BitbucketApi; origins: Origins } | { ok: false; problem: UserMessage };

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

export interface ConnectionServiceDeps {
  readonly secrets: SecretStore;
  readonly profiles: ProfileStore;
  readonly createClient: ClientFactory;
  readonly now: () => Date;
  /** A fresh random id for each connect. */
  readonly newCredentialId: () => string;
}

/**
 * Connect, test and disconnect. Nothing is stored unless Bitbucket accepted the credentials, so a
 * failed attempt leaves the last working connection as it was.
 */
export class ConnectionService {
  private connectInFlight: Promise<ConnectOutcome> | undefined;
  private testInFlight: Promise<TestOutcome> | undefined;
  private replaceInFlight: Promise<ReplaceOutcome> | undefined;
  private readonly listeners = new Set<() => void>();
  /** Counts disconnects, so a Connect can tell that one came while it waited for Bitbucket. */
  private disconnects = 0;
  /** Storage writes run one at a time, so a Disconnect cannot interleave with a Connect's two writes. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ConnectionServiceDeps) {}

  /** What is stored, without the secret: local reads only, never the network. */
  status(): Promise<ConnectionStatus> {
    return readConnectionStatus(this.deps.profiles, this.deps.secrets);
  }

  /** For agent terminals: read at the moment a terminal is created. */
  credentials(): Promise<StoredCredentials> {
    return readStoredCredentials(this.deps.profiles, this.deps.secrets);
  }

  /** A second Connect while one is in flight gets the first one's result: one request, one answer. */
  connect(form: ConnectForm): Promise<ConnectOutcome> {
    this.connectInFlight ??= this.connectOnce(form).finally(() => (this.connectInFlight = undefined));
    return this.connectInFlight;
  }

  /** Replace Token: a new token of the same account (same account_id); the rest of the profile stays. */
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome> {
    this.replaceInFlight ??= this.replaceOnce(form).finally(() => (this.replaceInFlight = undefined));
    return this.replaceInFlight;
  }

  test(): Promise<TestOutcome> {
    this.testInFlight ??= this.testOnce({ listWorkspaces: false }).finally(() => (this.testInFlight = undefined));
    return this.testInFlight;
  }

  /** The form's Test: the stored connection, and the account's workspaces to pick from. */
  testAndListWorkspaces(): Promise<TestOutcome> {
    return this.testOnce({ listWorkspaces: true });
  }

  /**
   * Sets the workspace of the stored connection (empty: none), checked with the stored credentials
   * as a Connect checks it, so a workspace picked after connecting needs no second paste of the token.
   */
  useWorkspace(text: string): Promise<TestOutcome> {
    const validation = validateWorkspace(text);
    if (!validation.ok) return Promise.resolve({ ok: false, failure: { kind: 'invalidInput', fieldErrors: { workspace: validation.problem } } });
    return this.testOnce({ listWorkspaces: true, workspace: validation.workspace });
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
    await this.exclusive(async () => {
      // Profile first: another window reacts to the secret's change event and must find it gone.
      await this.deps.profiles.update(undefined);
      await this.deps.secrets.delete();
    });
    this.changed();
  }

  /** The user confirmed in a modal that the stored secret may go to `change.current`. */
  async confirmOrigin(credentialId: string, change: OriginChange): Promise<void> {
    const profile = this.deps.profiles.get();
    if (profile?.credentialId !== credentialId) return;
    const field = ({ 'nora.bitbucket.apiBaseUrl': 'apiOrigin', 'nora.bitbucket.gitBaseUrl': 'gitOrigin', 'nora.bitbucket.mcpUrl': 'mcpOrigin' } as const)[change.setting];
    await this.deps.profiles.update({ ...profile, [field]: change.current });
    this.changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Tells listeners that the stored connection may have changed (also from another window). */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async connectOnce(form: ConnectForm): Promise<ConnectOutcome> {
    const validation = validateConnectForm(form, this.deps.now());
    if (!validation.ok) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: validation.fieldErrors } };
    const { input } = validation;
    const credentialId = this.deps.newCredentialId();
    const disconnectsBefore = this.disconnects;
    const created = this.deps.createClient();
    if (!created.ok) return { ok: false, failure: { kind: 'settings', problem: created.problem } };
    // Connect pins the connection to the origins the user connected to.
    const pins = { apiOrigin: created.origins.api, gitOrigin: created.origins.git, ...(created.origins.mcp && { mcpOrigin: created.origins.mcp }) };
    const checked = await this.check(created.client, input, credentialsFor(input), credentialId, pins, true);
    if (!checked.ok) return checked;
    return this.store(checked, input.secret, () => this.disconnects === disconnectsBefore || ('disconnectedMeanwhile' as const));
  }

  private async replaceOnce(form: ReplaceTokenForm): Promise<ReplaceOutcome> {
    const before = this.deps.profiles.get();
    if (before?.credentialType !== 'apiToken') return { ok: false, failure: { kind: 'notConnected' } };
    // Only the token, its email and its date come from the form: the workspace stays as connected.
    const validation = validateConnectForm({ ...form, credentialType: 'apiToken', workspace: before.workspace }, this.deps.now());
    if (!validation.ok) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: validation.fieldErrors } };
    const { input } = validation;
    const created = this.deps.createClient();
    if (!created.ok) return { ok: false, failure: { kind: 'settings', problem: created.problem } };
    const change = originChange(before, created.origins, ['api']);
    if (change) return { ok: false, failure: { kind: 'originChanged', change } };
    const disconnectsBefore = this.disconnects;
    const { apiOrigin, gitOrigin, mcpOrigin } = before;
    const pins = { apiOrigin, gitOrigin, ...(mcpOrigin && { mcpOrigin }) };
    // The workspace stays, so the form has no list to offer.
    const checked = await this.check(created.client, input, credentialsFor(input), this.deps.newCredentialId(), pins, false);
    if (!checked.ok) return checked;
    const replacement = checked.report.profile;
    if (before.accountId === undefined || replacement.accountId !== before.accountId) {
      return { ok: false, failure: { kind: 'otherAccount', connected: before.displayName, tokenOf: replacement.displayName } };
    }
    const { expiresOn: _replaced, ...kept } = before;
    const report = { ...checked.report, profile: { ...kept, ...replacement } };
    return this.store({ ok: true, report }, input.secret, () => {
      if (this.disconnects !== disconnectsBefore) return 'disconnectedMeanwhile' as const;
      return this.deps.profiles.get()?.credentialId === before.credentialId || ('changedElsewhere' as const);
    });
  }

  /**
   * Writes a checked profile and its secret, one write at a time, if `stillWanted` (asked just
   * before writing) agrees; a failed write puts back what was there.
   */
  private async store<Refusal extends 'disconnectedMeanwhile' | 'changedElsewhere'>(
    checked: Extract<ConnectOutcome, { ok: true }>,
    secret: string,
    stillWanted: () => true | Refusal,
  ): Promise<ConnectOutcome | { ok: false; failure: { kind: Refusal } }> {
    const { profile } = checked.report;
    const stored = await this.exclusive(async (): Promise<ConnectOutcome | { ok: false; failure: { kind: Refusal } }> => {
      const wanted = stillWanted();
      if (wanted !== true) return { ok: false, failure: { kind: wanted } };
      let previous: { profile: ConnectionProfile | undefined; secret: StoredSecret | undefined } | undefined;
      try {
        previous = { profile: this.deps.profiles.get(), secret: await this.deps.secrets.get() };
        await this.deps.profiles.update(profile);
        await this.deps.secrets.store({ credentialId: profile.credentialId, secret });
      } catch (cause) {
        // A failed read (keyring unavailable) changed nothing; a failed write is undone.
        if (previous) await this.restore(previous);
        return { ok: false, failure: { kind: 'storage', cause } };
      }
      return checked;
    });
    if (stored.ok) this.changed();
    return stored;
  }

  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private async testOnce(options: { listWorkspaces: boolean; workspace?: string | undefined }): Promise<TestOutcome> {
    let stored: StoredCredentials;
    try {
      stored = await this.credentials();
    } catch (cause) {
      return { ok: false, failure: { kind: 'storage', cause } };
    }
    if (stored.state === 'disconnected') return { ok: false, failure: { kind: 'notConnected' } };
    if (stored.state === 'changedElsewhere') return { ok: false, failure: { kind: 'changedElsewhere' } };
    const { credentialId } = stored.profile;
    const created = this.deps.createClient();
    if (!created.ok) return { ok: false, failure: { kind: 'settings', problem: created.problem } };
    // The stored secret goes only to the API origin it was connected to (or the user confirmed).
    const change = originChange(stored.profile, created.origins, ['api']);
    if (change) return { ok: false, failure: { kind: 'originChanged', change } };
    const newWorkspace = 'workspace' in options;
    const input = { ...inputFromProfile(stored.profile, stored.secret), ...(newWorkspace && { workspace: options.workspace }) };
    const { apiOrigin, gitOrigin, mcpOrigin } = stored.profile;
    const pins = { apiOrigin, gitOrigin, ...(mcpOrigin && { mcpOrigin }) };
    const checked = await this.check(created.client, input, credentialsFor(input), credentialId, pins, options.listWorkspaces);
    if (!checked.ok) return this.explainExpiry(checked, stored.profile.expiresOn);
    const kept = await this.exclusive(() => this.keepTestResult(checked.report.profile, newWorkspace)).catch((cause: unknown) => cause);
    if (kept === true) this.changed();
    else if (kept !== false) return { ok: false, failure: { kind: 'storage', cause: kept } };
    return checked;
  }

  /** A 401 on or after the date the user said the token expires: that is the reason, not a wrong token. */
  private explainExpiry(outcome: { ok: false; failure: TestFailure }, expiresOn: string | undefined): TestOutcome {
    const { failure } = outcome;
    if (failure.kind !== 'bitbucket' || failure.error.kind !== 'unauthorized' || !hasReachedExpiry(expiresOn, this.deps.now())) return outcome;
    return { ok: false, failure: { kind: 'bitbucket', error: tokenExpiredError(expiresOn) } };
  }

  /**
   * Writes only the tested fields, and only if both the profile and this window's secret still
   * carry the tested id: another window may have reconnected (a newer profile) before this
   * window's copy of the secret caught up, and that profile must survive.
   */
  private async keepTestResult(tested: ConnectionProfile, newWorkspace: boolean): Promise<boolean> {
    const profile = this.deps.profiles.get();
    const secret = await this.deps.secrets.get();
    if (profile?.credentialId !== tested.credentialId || secret?.credentialId !== tested.credentialId) return false;
    const { displayName, username, accountId, grantedScopes, lastTestedAt } = tested;
    const workspace = newWorkspace && { workspace: tested.workspace };
    await this.deps.profiles.update({ ...profile, ...workspace, displayName, username, accountId, grantedScopes, lastTestedAt });
    return true;
  }

  private async check(
    client: BitbucketApi,
    input: ConnectInput,
    credentials: BitbucketCredentials,
    credentialId: string,
    pins: Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'>,
    listWorkspaces: boolean,
  ): Promise<ConnectOutcome> {
    let user: CurrentUserResult;
    try {
      user = await client.getCurrentUser(credentials);
    } catch (error) {
      if (error instanceof BitbucketError) return { ok: false, failure: { kind: 'bitbucket', error } };
      throw error;
    }
    const workspace = input.workspace === undefined ? undefined : await client.checkWorkspace(credentials, input.workspace);
    const workspaces = listWorkspaces ? await workspacesOf(client, credentials, user.grantedScopes) : undefined;
    const profile = { ...profileFrom(input, user, credentialId, this.deps.now()), ...pins };
    const scopes = checkScopes(input.credentialType, input.workspace !== undefined, user.grantedScopes);
    return { ok: true, report: { profile, workspace, scopes, ...(workspaces && { workspaces }) } };
  }

  private async restore(previous: { profile: ConnectionProfile | undefined; secret: StoredSecret | undefined }): Promise<void> {
    await this.deps.profiles.update(previous.profile).catch(() => undefined);
    await (previous.secret === undefined ? this.deps.secrets.delete() : this.deps.secrets.store(previous.secret)).catch(() => undefined);
  }
}

/** A scope that `x-oauth-scopes` says is missing is not asked for: Bitbucket would only answer 403. */
function workspacesOf(client: BitbucketApi, credentials: BitbucketCredentials, granted: readonly string[] | undefined): Promise<WorkspaceList> {
  const needed = workspaceListScope(credentials.type);
  if (granted !== undefined && !effectiveScopes(credentials.type, granted).has(needed.scope)) {
    return Promise.resolve({ status: 'missingScope', scope: needed.label });
  }
  return client.listWorkspaces(credentials);
}
