import type * as vscode from 'vscode';
import type { ProfileStore, SecretStore } from '../connection/storedConnection';
import { parseConnectionProfile, type ConnectionProfile } from '../connection/profile';
import { decodeStoredSecret, encodeStoredSecret } from '../connection/storedSecret';

/** Where the connection is kept: the key in SecretStorage and the key in globalState. */
export const storageKeys = { secret: 'nora.bitbucket.secret', profile: 'nora.bitbucket.profile' } as const;
const { secret: secretKey, profile: profileKey } = storageKeys;

/** The secret, in VS Code's SecretStorage (the OS keychain on desktop) and nowhere else. */
export function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async () => decodeStoredSecret(await secrets.get(secretKey)),
    store: (stored) => Promise.resolve(secrets.store(secretKey, encodeStoredSecret(stored))),
    delete: () => Promise.resolve(secrets.delete(secretKey)),
  };
}

/** Fires when this extension's secret changes, in this window or another. */
export function onDidChangeSecret(secrets: vscode.SecretStorage, listener: () => void): vscode.Disposable {
  return secrets.onDidChange((event) => {
    if (event.key === secretKey) listener();
  });
}

/** The non-secret profile, in `globalState` so every window sees it. A value that no longer parses is ignored. */
export function profileStore(globalState: vscode.Memento, log: vscode.LogOutputChannel): ProfileStore {
  // Read on every focus, status refresh and MCP listing: parse a stored value once. VS Code hands
  // back the same object until the value changes (here or in another window).
  let lastStored: unknown;
  let lastProfile: ConnectionProfile | undefined;
  return {
    get: (): ConnectionProfile | undefined => {
      const stored = globalState.get<unknown>(profileKey);
      if (stored === lastStored) return lastProfile;
      lastStored = stored;
      lastProfile = stored === undefined ? undefined : parseConnectionProfile(stored);
      if (stored !== undefined && !lastProfile) log.warn('The stored Bitbucket profile does not fit the current schema; it is ignored.');
      return lastProfile;
    },
    update: (profile) => Promise.resolve(globalState.update(profileKey, profile)),
  };
}
