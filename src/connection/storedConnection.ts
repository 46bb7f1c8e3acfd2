import type { ActiveChoice } from './activeConnection';
import type { ConnectionProfile } from './profile';
import type { StoredSecret } from './storedSecret';

/** Where each connection's secret lives, under its own key: SecretStorage in the extension, a map in tests. */
export interface SecretStore {
  get(credentialId: string): Promise<StoredSecret | undefined>;
  store(secret: StoredSecret): Promise<void>;
  delete(credentialId: string): Promise<void>;
}

/**
 * The connections (without secrets), in `globalState` so every window sees them, and which one
 * this window uses (activeConnection.ts).
 */
export interface ConnectionStore {
  /** Every connection, newest first. */
  list(): readonly ConnectionProfile[];
  write(connections: readonly ConnectionProfile[]): Promise<void>;
  /** Which connection this window uses, and why. */
  choice(): ActiveChoice;
  /** The user chose `credentialId` for this workspace. */
  pick(credentialId: string): Promise<void>;
}

/** The connection this window uses, if any. */
export function activeProfile(store: ConnectionStore): ConnectionProfile | undefined {
  const choice = store.choice();
  return choice.kind === 'chosen' ? choice.connection : undefined;
}

/** Every connection, this window's first (callers that take the first get the one in use here). */
export function activeFirst(store: ConnectionStore): ConnectionProfile[] {
  const active = activeProfile(store);
  return active ? [active, ...store.list().filter((profile) => profile !== active)] : [...store.list()];
}

/** The connection of `credentialId`, if it is still in the list. */
export function connectionById(store: ConnectionStore, credentialId: string): ConnectionProfile | undefined {
  return store.list().find((profile) => profile.credentialId === credentialId);
}

/**
 * What is stored for one connection. `changedElsewhere`: its secret is not in this window's
 * SecretStorage (another window has just changed it, or the keyring lost it); it is never paired
 * with any other secret.
 */
export type ConnectionStatus =
  | { readonly state: 'connected'; readonly profile: ConnectionProfile }
  | { readonly state: 'disconnected' }
  | { readonly state: 'changedElsewhere'; readonly profile: ConnectionProfile };

export type StoredCredentials =
  | { readonly state: 'connected'; readonly profile: ConnectionProfile; readonly secret: string }
  | Exclude<ConnectionStatus, { state: 'connected' }>;

/**
 * A connection's profile and secret, paired only when the secret was stored for it (its key and
 * the id inside it agree). Local reads only. `credentialId`: which one; this window's by default.
 */
export async function readStoredCredentials(store: ConnectionStore, secrets: SecretStore, credentialId?: string): Promise<StoredCredentials> {
  const profile = credentialId === undefined ? activeProfile(store) : connectionById(store, credentialId);
  if (!profile) return { state: 'disconnected' };
  const stored = await secrets.get(profile.credentialId);
  if (stored?.credentialId !== profile.credentialId) return { state: 'changedElsewhere', profile };
  return { state: 'connected', profile, secret: stored.secret };
}

/** A session's own connection, never another one's: its id is the connection's credential id. */
export function readSessionCredentials(store: ConnectionStore, secrets: SecretStore, session: { readonly id?: unknown } | undefined): Promise<StoredCredentials> {
  return typeof session?.id === 'string' ? readStoredCredentials(store, secrets, session.id) : Promise.resolve({ state: 'disconnected' });
}

/** What is stored, without the secret. */
export async function readConnectionStatus(store: ConnectionStore, secrets: SecretStore, credentialId?: string): Promise<ConnectionStatus> {
  const credentials = await readStoredCredentials(store, secrets, credentialId);
  return credentials.state === 'connected' ? { state: 'connected', profile: credentials.profile } : credentials;
}
