import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { identityOf } from '../../../src/connection/connectionList';
import { connectionStore, onDidChangeSecret, secretStore, storageKeys, upgradeStorage } from '../../../src/connection/storage.vscode';
import { readStoredCredentials } from '../../../src/connection/storedConnection';
import { memoryLog } from '../../support/fakeVsCode';

/** Verbatim what the released version stores: the profile in globalState, the secret in SecretStorage. */
const releasedProfile = JSON.parse(
  '{"version":1,"credentialId":"3f1c2d4e-0000-4000-8000-000000000001","credentialType":"apiToken","email":"dev@example.com","username":"nora-dev","workspace":"acme-eng","displayName":"Nora Developer","accountId":"712020:abc","grantedScopes":["read:user:bitbucket"],"lastTestedAt":"2026-11-01T00:00:00.000Z","apiOrigin":"https://api.bitbucket.org","gitOrigin":"https://bitbucket.org","expiresOn":"2027-11-01"}',
) as { credentialId: string };
const releasedSecret = '{"credentialId":"3f1c2d4e-0000-4000-8000-000000000001","secret":"the-released-token"}';

function memento(initial: Record<string, unknown> = {}): vscode.Memento & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, value)),
  };
}

function secretStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const listeners: ((event: { key: string }) => void)[] = [];
  const storage = {
    values,
    get: async (key: string) => values.get(key),
    store: async (key: string, value: string) => {
      values.set(key, value);
      listeners.forEach((listener) => listener({ key }));
    },
    delete: async (key: string) => {
      values.delete(key);
      listeners.forEach((listener) => listener({ key }));
    },
    onDidChange: (listener: (event: { key: string }) => void) => (listeners.push(listener), { dispose: () => undefined }),
  };
  return storage as unknown as vscode.SecretStorage & { values: Map<string, string> };
}

function window(globalState: vscode.Memento, secrets: vscode.SecretStorage, remoteUrls: string[] = []) {
  const log = memoryLog();
  const connections = connectionStore({ globalState }, log as unknown as vscode.LogOutputChannel, () => remoteUrls, () => 'file:///projects/project');
  return { connections, secrets: secretStore(secrets), log };
}

describe('the stored connections in globalState and SecretStorage (plain Node)', () => {
  it('a connection written by the current release is upgraded: the user re-enters nothing and the old keys go', async () => {
    const globalState = memento({ [storageKeys.legacy.profile]: releasedProfile });
    const secrets = secretStorage({ [storageKeys.legacy.secret]: releasedSecret });
    const before = window(globalState, secrets);
    // Before the upgrade has run, the window already reads it through the old keys.
    assert.deepEqual(await readStoredCredentials(before.connections, before.secrets), { state: 'connected', profile: releasedProfile, secret: 'the-released-token' });

    await upgradeStorage(globalState, secrets);
    assert.deepEqual([...globalState.values.keys()], [storageKeys.connections]);
    assert.deepEqual([...secrets.values.keys()], [`nora.bitbucket.secret.${releasedProfile.credentialId}`]);
    const after = window(globalState, secrets);
    assert.deepEqual(await readStoredCredentials(after.connections, after.secrets), { state: 'connected', profile: releasedProfile, secret: 'the-released-token' });
    // Once is enough: a second run changes nothing.
    await upgradeStorage(globalState, secrets);
    assert.deepEqual(after.connections.list(), [releasedProfile]);
  });

  it('never pairs a connection with a secret stored for another id, under its key or the old one', async () => {
    const other = '{"credentialId":"someone-else","secret":"not-this-one"}';
    const underOldKey = window(memento({ [storageKeys.legacy.profile]: releasedProfile }), secretStorage({ [storageKeys.legacy.secret]: other }));
    assert.equal((await readStoredCredentials(underOldKey.connections, underOldKey.secrets)).state, 'changedElsewhere');
    const list = { version: 2, connections: [releasedProfile] };
    const underItsKey = window(memento({ [storageKeys.connections]: list }), secretStorage({ [`nora.bitbucket.secret.${releasedProfile.credentialId}`]: other }));
    assert.equal((await readStoredCredentials(underItsKey.connections, underItsKey.secrets)).state, 'changedElsewhere');
  });

  it('leaves out entries that no longer parse, and says so once', () => {
    const globalState = memento({ [storageKeys.connections]: { version: 2, connections: [{ damaged: true }, releasedProfile] } });
    const { connections, log } = window(globalState, secretStorage());
    assert.deepEqual(connections.list(), [releasedProfile]);
    connections.list();
    assert.equal(log.lines.filter((line) => line.includes('do not fit')).length, 1);
  });

  it("keeps this workspace's pick as the connection's identity, so it survives a new token", async () => {
    const globalState = memento({ [storageKeys.connections]: { version: 2, connections: [releasedProfile] } });
    const connections = connectionStore({ globalState }, memoryLog() as unknown as vscode.LogOutputChannel, () => [], () => 'file:///projects/project');
    await connections.pick(releasedProfile.credentialId);
    assert.deepEqual(globalState.get(storageKeys.picks), { 'file:///projects/project': identityOf(connections.list()[0]) });
    await connections.pick('not-stored');
    assert.deepEqual(globalState.get(storageKeys.picks), { 'file:///projects/project': identityOf(connections.list()[0]) });
  });

  it("a secret's change event is ours only for our keys", async () => {
    const secrets = secretStorage();
    let told = 0;
    onDidChangeSecret(secrets, () => told++);
    await secrets.store('nora.bitbucket.secret.abc', 'x');
    await secrets.store(storageKeys.legacy.secret, 'x');
    await secrets.store('another.extension.key', 'x');
    assert.equal(told, 2);
  });

  it('refuses to store a secret under an id that is not a key of ours', async () => {
    await assert.rejects(secretStore(secretStorage()).store({ credentialId: '../other', secret: 's' }));
  });
});
