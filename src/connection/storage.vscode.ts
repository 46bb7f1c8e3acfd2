import type * as vscode from 'vscode';
import { chooseActive, type ActiveChoice } from './activeConnection';
import { identityOf, readConnectionList, secretKeyOf, secretKeyPrefix } from './connectionList';
import type { ConnectionProfile } from './profile';
import type { ConnectionStore, SecretStore } from './storedConnection';
import { decodeStoredSecret, encodeStoredSecret, type StoredSecret } from './storedSecret';

/**
 * Where the connections are kept: the list in `globalState` (every window sees it), each
 * workspace's pick there too (by workspace: `workspaceState` never reaches another browser tab of
 * the same folder, which must follow a switch), each secret in SecretStorage under `secretKeyOf`
 * its id. `legacy`: where the single connection of earlier releases was kept, read once to upgrade.
 */
export const storageKeys = {
  connections: 'nora.bitbucket.connections',
  picks: 'nora.bitbucket.picks',
  legacy: { secret: 'nora.bitbucket.secret', profile: 'nora.bitbucket.profile' },
} as const;

/** The secrets, in VS Code's SecretStorage (the OS keychain on desktop) and nowhere else. */
export function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (credentialId) => {
      const key = secretKeyOf(credentialId);
      if (key === undefined) return undefined;
      const stored = decodeStoredSecret(await secrets.get(key));
      // Until the upgrade has moved it, the one connection of an earlier release keeps its old key.
      return stored ?? matching(decodeStoredSecret(await secrets.get(storageKeys.legacy.secret)), credentialId);
    },
    store: async (stored) => {
      const key = secretKeyOf(stored.credentialId);
      if (key === undefined) throw new Error('A credential id that is not a key of ours.');
      await secrets.store(key, encodeStoredSecret(stored));
    },
    delete: async (credentialId) => {
      const key = secretKeyOf(credentialId);
      if (key !== undefined) await secrets.delete(key);
    },
  };
}

const matching = (stored: StoredSecret | undefined, credentialId: string) => (stored?.credentialId === credentialId ? stored : undefined);

/** Fires when one of this extension's secrets changes, in this window or another. */
export function onDidChangeSecret(secrets: vscode.SecretStorage, listener: () => void): vscode.Disposable {
  return secrets.onDidChange((event) => {
    if (event.key.startsWith(secretKeyPrefix) || event.key === storageKeys.legacy.secret) listener();
  });
}

/** How many workspaces' picks are kept: the most recent ones. */
export const maxPicks = 100;

/** The stored picks (workspace -> identity) oldest first, without anything that is not a pair of strings. */
function readPicks(stored: unknown): Map<string, string> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return new Map();
  return new Map(Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The list of connections and this window's choice among them. `remoteUrls`: the open folders'
 * remotes as last read (never read here: this runs at activation). `workspace`: what names this
 * window's workspace (its folders or workspace file), which the user's pick is kept under.
 * Entries that no longer parse are left out, and said once.
 */
export function connectionStore(
  state: { readonly globalState: vscode.Memento },
  log: vscode.LogOutputChannel,
  remoteUrls: () => readonly string[],
  workspace: () => string,
): ConnectionStore {
  const { globalState } = state;
  // Parsed again only when the stored value is another object (an update, here or in another window).
  let parsed: { readonly from: unknown; readonly connections: readonly ConnectionProfile[] } | undefined;
  let warned = false;
  const list = (): readonly ConnectionProfile[] => {
    const stored = globalState.get<unknown>(storageKeys.connections);
    const legacy = stored === undefined ? globalState.get<unknown>(storageKeys.legacy.profile) : undefined;
    const from = stored ?? legacy;
    if (parsed !== undefined && parsed.from === from && from !== undefined) return parsed.connections;
    const { connections, dropped } = readConnectionList(stored, legacy);
    if (dropped > 0 && !warned) log.warn(`${dropped} stored Bitbucket connection(s) do not fit the current schema, or repeat another; they are ignored.`);
    warned ||= dropped > 0;
    parsed = { from, connections };
    return connections;
  };
  const picks = () => readPicks(globalState.get<unknown>(storageKeys.picks));
  const choice = (): ActiveChoice => chooseActive(list(), remoteUrls(), picks().get(workspace()));
  return {
    list,
    choice,
    write: (connections) => Promise.resolve(globalState.update(storageKeys.connections, { version: 2, connections })),
    pick: async (credentialId) => {
      const profile = list().find((known) => known.credentialId === credentialId);
      if (!profile) return;
      // This workspace's pick moves to the end; the oldest beyond the cap are forgotten.
      const here = workspace();
      const others = [...picks()].filter(([name]) => name !== here).slice(-(maxPicks - 1));
      await globalState.update(storageKeys.picks, Object.fromEntries([...others, [here, identityOf(profile)]]));
    },
  };
}

/**
 * Moves the single connection of an earlier release into the list, its secret to its own key,
 * and removes the old keys. The user re-enters nothing; run once at activation, off its path.
 */
export async function upgradeStorage(globalState: vscode.Memento, secrets: vscode.SecretStorage): Promise<void> {
  if (globalState.get<unknown>(storageKeys.connections) !== undefined) return;
  const { connections, upgraded } = readConnectionList(undefined, globalState.get<unknown>(storageKeys.legacy.profile));
  if (!upgraded) return;
  // The list at once, before anything is awaited, so a Connect meanwhile cannot be overwritten;
  // until the secret has moved, secretStore() finds it under the old key.
  const written = globalState.update(storageKeys.connections, { version: 2, connections });
  const [profile] = connections;
  const secret = matching(decodeStoredSecret(await secrets.get(storageKeys.legacy.secret)), profile.credentialId);
  const key = secretKeyOf(profile.credentialId);
  if (secret && key) await secrets.store(key, encodeStoredSecret(secret));
  await written;
  await globalState.update(storageKeys.legacy.profile, undefined);
  await secrets.delete(storageKeys.legacy.secret);
}
