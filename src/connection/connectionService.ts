import { checkConnection, explainExpiry } from './connectionCheck';
import type { ClientFactory, ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestOutcome } from './connectionOutcomes';
import { ConnectionWrites } from './connectionWrites';
import { validateConnectForm, validateWorkspace, type ConnectForm } from './connectInput';
import { originChange, type OriginChange } from './origins';
import { credentialsFor, inputFromProfile } from './profileFromUser';
import {
  readConnectionStatus,
  readStoredCredentials,
  type ConnectionStatus,
  type ProfileStore,
  type SecretStore,
  type StoredCredentials,
} from './storedConnection';

export interface ConnectionServiceDeps {
  readonly secrets: SecretStore;
  readonly profiles: ProfileStore;
  readonly createClient: ClientFactory;
  readonly now: () => Date;
  /** A fresh random id for each connect. */
  readonly newCredentialId: () => string;
}

/**
 * Connect, Test, Replace Token, the workspace and Disconnect. Nothing is stored unless Bitbucket
 * accepted the credentials (connectionCheck.ts), so a failed attempt leaves the last working
 * connection as it was; the writes themselves are in connectionWrites.ts.
 */
export class ConnectionService {
  private connectInFlight: Promise<ConnectOutcome> | undefined;
  private testInFlight: Promise<TestOutcome> | undefined;
  private replaceInFlight: Promise<ReplaceOutcome> | undefined;
  private readonly listeners = new Set<() => void>();
  /** Counts disconnects, so a Connect can tell that one came while it waited for Bitbucket. */
  private disconnects = 0;
  private readonly writes: ConnectionWrites;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.writes = new ConnectionWrites(deps);
  }

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
    await this.writes.clear();
    this.changed();
  }

  /**
   * The user confirmed in a modal that the stored secret may go to `change.current`. Returns whether
   * the stored connection now allows it: `false` when the connection changed meanwhile (another
   * window reconnected or disconnected) and is not already pinned there, so the caller stops
   * instead of trying again and asking the user a second time.
   */
  async confirmOrigin(credentialId: string, change: OriginChange): Promise<boolean> {
    const profile = this.deps.profiles.get();
    const field = ({ 'nora.bitbucket.apiBaseUrl': 'apiOrigin', 'nora.bitbucket.gitBaseUrl': 'gitOrigin', 'nora.bitbucket.mcpUrl': 'mcpOrigin' } as const)[change.setting];
    if (profile?.credentialId !== credentialId) return profile?.[field] === change.current;
    await this.deps.profiles.update({ ...profile, [field]: change.current });
    this.changed();
    return true;
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
    const connectedBefore = this.deps.profiles.get() !== undefined;
    // A Disconnect here, or one in another window that took away the connection there was, wins.
    const stillWanted = () => (this.disconnects === disconnectsBefore && !(connectedBefore && this.deps.profiles.get() === undefined)) || ('disconnectedMeanwhile' as const);
    const created = this.deps.createClient();
    if (!created.ok) return { ok: false, failure: { kind: 'settings', problem: created.problem } };
    // Connect pins the connection to the origins the user connected to.
    const pins = { apiOrigin: created.origins.api, gitOrigin: created.origins.git, ...(created.origins.mcp && { mcpOrigin: created.origins.mcp }) };
    const checked = await checkConnection(created.client, { input, credentials: credentialsFor(input), credentialId, pins, listWorkspaces: true, now: this.deps.now() });
    if (!checked.ok) return checked;
    return this.stored(await this.writes.store(checked, input.secret, stillWanted));
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
    const credentialId = this.deps.newCredentialId();
    const checked = await checkConnection(created.client, { input, credentials: credentialsFor(input), credentialId, pins, listWorkspaces: false, now: this.deps.now() });
    if (!checked.ok) return checked;
    const replacement = checked.report.profile;
    if (before.accountId === undefined || replacement.accountId !== before.accountId) {
      return { ok: false, failure: { kind: 'otherAccount', connected: before.displayName, tokenOf: replacement.displayName } };
    }
    const { expiresOn: _replaced, ...kept } = before;
    const report = { ...checked.report, profile: { ...kept, ...replacement } };
    const stored = await this.writes.store({ ok: true, report }, input.secret, () => {
      if (this.disconnects !== disconnectsBefore) return 'disconnectedMeanwhile' as const;
      const now = this.deps.profiles.get();
      // A workspace saved meanwhile (here or in another window) must not be put back to the old one.
      return (now?.credentialId === before.credentialId && now.workspace === before.workspace) || ('changedElsewhere' as const);
    });
    return this.stored(stored);
  }

  private stored<T extends ReplaceOutcome>(outcome: T): T {
    if (outcome.ok) this.changed();
    return outcome;
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
    const checked = await checkConnection(created.client, { input, credentials: credentialsFor(input), credentialId, pins, listWorkspaces: options.listWorkspaces, now: this.deps.now() });
    if (!checked.ok) return explainExpiry(checked, stored.profile.expiresOn, this.deps.now());
    const kept = await this.writes.keepTestResult(checked.report.profile, newWorkspace).catch((cause: unknown) => cause);
    if (kept === true) this.changed();
    else if (kept !== false) return { ok: false, failure: { kind: 'storage', cause: kept } };
    return checked;
  }
}
