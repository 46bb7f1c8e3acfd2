import type { ActiveChoice } from './activeConnection';
import { sameIdentity } from './connectionList';
import { checkConnection, explainExpiry } from './connectionCheck';
import type { BitbucketApi, ClientFactory, ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestFailure, TestOutcome } from './connectionOutcomes';
import { ConnectionWrites } from './connectionWrites';
import { validateConnectForm, validateWorkspace, type ConnectForm } from './connectInput';
import { originChange, pinsOf, storedPins, withConfirmedOrigin, type OriginChange, type Origins } from './origins';
import type { ConnectionProfile } from './profile';
import { credentialsFor, inputFromProfile } from './profileFromUser';
import {
  activeProfile,
  connectionById,
  readConnectionStatus,
  readStoredCredentials,
  type ConnectionStatus,
  type ConnectionStore,
  type SecretStore,
  type StoredCredentials,
} from './storedConnection';

export interface ConnectionServiceDeps {
  readonly secrets: SecretStore;
  readonly connections: ConnectionStore;
  readonly createClient: ClientFactory;
  readonly now: () => Date;
  /** A fresh random id for each connect. */
  readonly newCredentialId: () => string;
  /**
   * Told after every write this service makes to the stored connections; resolves once every view
   * has redrawn, so a Connect's answer never comes before the status bar, the Accounts menu and
   * the MCP offer know of it.
   */
  readonly changed: () => Promise<void>;
}

type Refusal<K extends TestFailure['kind']> = { readonly ok: false; readonly failure: Extract<TestFailure, { kind: K }> };
type Client = { readonly ok: true; readonly client: BitbucketApi; readonly origins: Origins };

/**
 * Connect, Test, Replace Token, the workspace and Disconnect. Nothing is stored unless Bitbucket
 * accepted the credentials (connectionCheck.ts), so a failed attempt leaves the connections as
 * they were; the writes themselves are in connectionWrites.ts. Test, Replace Token and the
 * workspace act on this window's connection (activeConnection.ts) unless told which.
 */
export class ConnectionService {
  /** Each action's answer while it is in flight: asking again joins it (one request, one answer). */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Counts Disconnect All, so a Connect can tell that one came while it waited for Bitbucket. */
  private disconnectsOfAll = 0;
  private readonly writes: ConnectionWrites;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.writes = new ConnectionWrites(deps);
  }

  /** What is stored, without the secret: local reads only, never the network. This window's connection by default. */
  status(credentialId?: string): Promise<ConnectionStatus> {
    return readConnectionStatus(this.deps.connections, this.deps.secrets, credentialId);
  }

  /** For agent terminals: read at the moment a terminal is created. This window's connection by default. */
  credentials(credentialId?: string): Promise<StoredCredentials> {
    return readStoredCredentials(this.deps.connections, this.deps.secrets, credentialId);
  }

  /** Every connection, newest first, without secrets. */
  list(): readonly ConnectionProfile[] {
    return this.deps.connections.list();
  }

  /** Which connection this window uses, and why. */
  choice(): ActiveChoice {
    return this.deps.connections.choice();
  }

  /** The user chose this connection for this window's workspace. */
  async pick(credentialId: string): Promise<void> {
    await this.deps.connections.pick(credentialId);
    await this.deps.changed();
  }

  connect(form: ConnectForm): Promise<ConnectOutcome> {
    return this.once('connect', () => this.connectOnce(form));
  }

  /** Replace Token: a new token of the same account (same account_id); the rest of the profile stays. */
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome> {
    return this.once('replace', () => this.replaceOnce(form));
  }

  test(credentialId?: string): Promise<TestOutcome> {
    const target = credentialId ?? activeProfile(this.deps.connections)?.credentialId;
    return this.once(`test ${target}`, () => this.testOnce({ listWorkspaces: false, credentialId: target }));
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

  /** Removes the given connections (`all`: every one) and their secrets; the others stay. */
  async disconnect(which: 'all' | readonly string[]): Promise<void> {
    if (which === 'all') this.disconnectsOfAll++;
    await this.writes.remove(which === 'all' ? this.deps.connections.list().map((profile) => profile.credentialId) : which);
    await this.deps.changed();
  }

  /**
   * The user confirmed in a modal that the stored secret may go to `change.current`. Returns whether
   * the connection now allows it: `false` when it was replaced or removed meanwhile (here or in
   * another window), so the caller stops instead of trying again and asking the user a second time.
   */
  async confirmOrigin(credentialId: string, change: OriginChange): Promise<boolean> {
    const profile = connectionById(this.deps.connections, credentialId);
    if (!profile || !(await this.writes.replaceInPlace(withConfirmedOrigin(profile, change)))) return false;
    await this.deps.changed();
    return true;
  }

  private once<T>(action: string, run: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(action) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => this.inFlight.delete(action));
    this.inFlight.set(action, started);
    return started;
  }

  /** A client for the current settings; `pinnedTo`: refuse when the API origin moved away from the stored connection's. */
  private client(dataCenterServerUrl: string | undefined): Refusal<'settings'> | Client;
  private client(dataCenterServerUrl: string | undefined, pinnedTo: ConnectionProfile): Refusal<'settings' | 'originChanged'> | Client;
  private client(dataCenterServerUrl: string | undefined, pinnedTo?: ConnectionProfile): Refusal<'settings' | 'originChanged'> | Client {
    const created = this.deps.createClient(dataCenterServerUrl);
    if (!created.ok) return { ok: false, failure: { kind: 'settings', problem: created.problem } };
    // The stored secret goes only to the API origin it was connected to (or the user confirmed).
    const change = pinnedTo && originChange(pinnedTo, created.origins, ['api']);
    if (change) return { ok: false, failure: { kind: 'originChanged', change } };
    return created;
  }

  private async connectOnce(form: ConnectForm): Promise<ConnectOutcome> {
    const validation = validateConnectForm(form, this.deps.now());
    if (!validation.ok) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: validation.fieldErrors } };
    const { input } = validation;
    const disconnectsBefore = this.disconnectsOfAll;
    const connectedBefore = this.deps.connections.list().length > 0;
    // A Disconnect All here, or one in another window that took away every connection there was, wins.
    const stillWanted = () =>
      (this.disconnectsOfAll === disconnectsBefore && !(connectedBefore && this.deps.connections.list().length === 0)) || ('disconnectedMeanwhile' as const);
    const created = this.client(input.serverUrl);
    if (!created.ok) return created;
    // Connect pins the connection to the origins the user connected to.
    const check = { input, credentials: credentialsFor(input), credentialId: this.deps.newCredentialId(), pins: pinsOf(created.origins), listWorkspaces: true, now: this.deps.now() };
    const checked = await checkConnection(created.client, check);
    if (!checked.ok) return checked;
    const stored = await this.writes.store(checked, input.secret, stillWanted);
    // Connecting here is choosing: this window uses it unless its folder's remote says otherwise.
    if (stored.ok) await this.deps.connections.pick(stored.report.profile.credentialId);
    return this.stored(stored);
  }

  private async replaceOnce(form: ReplaceTokenForm): Promise<ReplaceOutcome> {
    const before = activeProfile(this.deps.connections);
    if (before?.credentialType !== 'apiToken') return { ok: false, failure: { kind: 'notConnected' } };
    // Only the token, its email and its date come from the form: the workspace stays as connected.
    const validation = validateConnectForm({ ...form, credentialType: 'apiToken', workspace: before.workspace }, this.deps.now());
    if (!validation.ok) return { ok: false, failure: { kind: 'invalidInput', fieldErrors: validation.fieldErrors } };
    const { input } = validation;
    const created = this.client(undefined, before);
    if (!created.ok) return created;
    const disconnectsBefore = this.disconnectsOfAll;
    // The workspace stays, so the form has no list to offer.
    const check = { input, credentials: credentialsFor(input), credentialId: this.deps.newCredentialId(), pins: storedPins(before), listWorkspaces: false, now: this.deps.now() };
    const checked = await checkConnection(created.client, check);
    if (!checked.ok) return checked;
    const replacement = checked.report.profile;
    if (before.accountId === undefined || replacement.accountId !== before.accountId) {
      return { ok: false, failure: { kind: 'otherAccount', connected: before.displayName, tokenOf: replacement.displayName } };
    }
    const { expiresOn: _replaced, ...kept } = before;
    const report = { ...checked.report, profile: { ...kept, ...replacement } };
    const stored = await this.writes.store({ ok: true, report }, input.secret, () => {
      if (this.disconnectsOfAll !== disconnectsBefore) return 'disconnectedMeanwhile' as const;
      const now = connectionById(this.deps.connections, before.credentialId);
      // Replaced meanwhile (another window's Replace Token or Connect of this account), or removed.
      if (!now) return this.deps.connections.list().some((profile) => sameIdentity(profile, before)) ? ('changedElsewhere' as const) : ('disconnectedMeanwhile' as const);
      // A workspace saved meanwhile (here or in another window) must not be put back to the old one.
      return now.workspace === before.workspace || ('changedElsewhere' as const);
    });
    return this.stored(stored);
  }

  private async stored<T extends ReplaceOutcome>(outcome: T): Promise<T> {
    if (outcome.ok) await this.deps.changed();
    return outcome;
  }

  private async testOnce(options: { listWorkspaces: boolean; workspace?: string | undefined; credentialId?: string | undefined }): Promise<TestOutcome> {
    let stored: StoredCredentials;
    try {
      stored = await this.credentials(options.credentialId);
    } catch (cause) {
      return { ok: false, failure: { kind: 'storage', cause } };
    }
    if (stored.state === 'disconnected') return { ok: false, failure: { kind: 'notConnected' } };
    if (stored.state === 'changedElsewhere') return { ok: false, failure: { kind: 'changedElsewhere' } };
    const { profile } = stored;
    const created = this.client(profile.serverUrl, profile);
    if (!created.ok) return created;
    const newWorkspace = 'workspace' in options;
    const input = { ...inputFromProfile(profile, stored.secret), ...(newWorkspace && { workspace: options.workspace }) };
    const check = { input, credentials: credentialsFor(input), credentialId: profile.credentialId, pins: storedPins(profile), listWorkspaces: options.listWorkspaces, now: this.deps.now() };
    const checked = await checkConnection(created.client, check);
    if (!checked.ok) return explainExpiry(checked, profile, this.deps.now());
    const kept = await this.writes.keepTestResult(checked.report.profile, newWorkspace).catch((cause: unknown) => cause);
    if (kept === true) await this.deps.changed();
    else if (kept !== false) return { ok: false, failure: { kind: 'storage', cause: kept } };
    return checked;
  }
}

