/**
 * The user's pick of a connection, per workspace, kept in globalState: another window of the same
 * workspace (a second browser tab on code-server) follows a switch, a window of another workspace
 * does not, and the picks of long-forgotten workspaces do not pile up.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { connectionStore, maxPicks, storageKeys } from '../../../src/connection/storage.vscode';
import { testProfile } from '../../support/profiles';

/** globalState as every window of one browser profile shares it. */
function sharedMemento(): vscode.Memento & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

const log = { warn: () => undefined } as unknown as vscode.LogOutputChannel;
const work = testProfile({ credentialId: 'credential-work', email: 'dev@example.com', accountId: 'account-work', displayName: 'Nora Developer', workspace: 'acme-eng' });
const home = testProfile({ credentialId: 'credential-home', email: 'ada@example.com', accountId: 'account-home', displayName: 'Ada Lovelace', workspace: 'ada-home' });

function windowOf(globalState: vscode.Memento, workspace: string) {
  return connectionStore({ globalState }, log, () => [], () => workspace);
}

const chosen = (store: ReturnType<typeof windowOf>) => {
  const choice = store.choice();
  return choice.kind === 'chosen' ? `${choice.connection.displayName} (${choice.reason})` : 'none';
};

describe('connection picks per workspace, in globalState', () => {
  it('a pick in one window is the choice of another window of the same workspace, not of another workspace', async () => {
    const globalState = sharedMemento();
    const a = windowOf(globalState, 'file:///projects/plain');
    const b = windowOf(globalState, 'file:///projects/plain');
    const elsewhere = windowOf(globalState, 'file:///projects/other');
    await a.write([home, work]);
    assert.equal(chosen(b), 'Ada Lovelace (recent)');
    await a.pick(work.credentialId);
    assert.equal(chosen(a), 'Nora Developer (picked)');
    assert.equal(chosen(b), 'Nora Developer (picked)');
    assert.equal(chosen(elsewhere), 'Ada Lovelace (recent)');
    await elsewhere.pick(home.credentialId);
    assert.equal(chosen(b), 'Nora Developer (picked)', "another workspace's pick changed this one");
  });

  it(`keeps the picks of the ${maxPicks} workspaces picked last`, async () => {
    const globalState = sharedMemento();
    const first = windowOf(globalState, 'file:///projects/0');
    await first.write([home, work]);
    await first.pick(work.credentialId);
    for (let i = 1; i <= maxPicks; i++) await windowOf(globalState, `file:///projects/${i}`).pick(work.credentialId);
    const stored = globalState.values.get(storageKeys.picks) as Record<string, string>;
    assert.equal(Object.keys(stored).length, maxPicks);
    assert.equal(chosen(first), 'Ada Lovelace (recent)', 'the oldest pick is forgotten');
    assert.equal(chosen(windowOf(globalState, `file:///projects/${maxPicks}`)), 'Nora Developer (picked)');
    // Picking again moves a workspace to the newest end.
    await windowOf(globalState, 'file:///projects/1').pick(home.credentialId);
    await windowOf(globalState, 'file:///projects/new').pick(home.credentialId);
    assert.equal(chosen(windowOf(globalState, 'file:///projects/1')), 'Ada Lovelace (picked)');
    assert.equal(chosen(windowOf(globalState, 'file:///projects/2')), 'Ada Lovelace (recent)');
  });

  it('ignores stored picks that are not workspace names and identities', async () => {
    for (const stored of ['x', 42, null, ['file:///projects/plain'], { 'file:///projects/plain': 7 }]) {
      const globalState = sharedMemento();
      const store = windowOf(globalState, 'file:///projects/plain');
      await store.write([home, work]);
      await globalState.update(storageKeys.picks, stored);
      assert.equal(chosen(store), 'Ada Lovelace (recent)', JSON.stringify(stored));
      await store.pick(work.credentialId);
      assert.equal(chosen(store), 'Nora Developer (picked)', JSON.stringify(stored));
    }
  });
});
