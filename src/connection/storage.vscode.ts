import type * as vscode from 'vscode';
import { parseConnectionProfile } from './profile';
import type { ProfileStore, SecretStore } from './storedConnection';
import { decodeStoredSecret, encodeStoredSecret } from './storedSecret';

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
  // Said once, not at every read.
  let warned = false;
  return {
    get: () => {
      const stored = globalState.get<unknown>(profileKey);
      const profile = stored === undefined ? undefined : parseConnectionProfile(stored);
      if (stored !== undefined && !profile && !warned) log.warn('The stored Bitbucket profile does not fit the current schema; it is ignored.');
      warned = stored !== undefined && !profile;
      return profile;
    },
    update: (profile) => Promise.resolve(globalState.update(profileKey, profile)),
  };
}
