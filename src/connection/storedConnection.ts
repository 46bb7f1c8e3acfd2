import type { ConnectionProfile } from './profile';
import type { StoredSecret } from './storedSecret';

/** Where the secret lives: SecretStorage in the extension, a variable in tests. */
export interface SecretStore {
  get(): Promise<StoredSecret | undefined>;
  store(secret: StoredSecret): Promise<void>;
  delete(): Promise<void>;
}

/** Where the non-secret profile lives: `globalState` in the extension. */
export interface ProfileStore {
  get(): ConnectionProfile | undefined;
  update(profile: ConnectionProfile | undefined): Promise<void>;
}

/**
 * What is stored. `changedElsewhere`: the shared profile belongs to a secret this window does not
 * have yet (another window reconnected); its secret must not be used with that profile.
 */
export type ConnectionStatus =
  | { readonly state: 'connected'; readonly profile: ConnectionProfile }
  | { readonly state: 'disconnected' }
  | { readonly state: 'changedElsewhere'; readonly profile: ConnectionProfile };

export type StoredCredentials =
  | { readonly state: 'connected'; readonly profile: ConnectionProfile; readonly secret: string }
  | Exclude<ConnectionStatus, { state: 'connected' }>;

/** The stored profile and secret, paired only when they belong together. Local reads only. */
export async function readStoredCredentials(profiles: ProfileStore, secrets: SecretStore): Promise<StoredCredentials> {
  const profile = profiles.get();
  const stored = await secrets.get();
  if (!profile || !stored) return { state: 'disconnected' };
  if (stored.credentialId !== profile.credentialId) return { state: 'changedElsewhere', profile };
  return { state: 'connected', profile, secret: stored.secret };
}

/** What is stored, without the secret. */
export async function readConnectionStatus(profiles: ProfileStore, secrets: SecretStore): Promise<ConnectionStatus> {
  const credentials = await readStoredCredentials(profiles, secrets);
  return credentials.state === 'connected' ? { state: 'connected', profile: credentials.profile } : credentials;
}
