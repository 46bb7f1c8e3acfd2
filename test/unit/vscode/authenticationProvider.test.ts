import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { BitbucketAuthenticationProvider, type StoredConnectionSource } from '../../../src/connection/authenticationProvider.vscode';
import type { ConnectionProfile } from '../../../src/connection/profile';
import type { StoredCredentials } from '../../../src/connection/storedConnection';
import { resetFakeVsCode } from '../../support/fakeVsCode';
import { testProfile } from '../../support/profiles';

const work = testProfile({ credentialId: 'work', email: 'dev@example.com' });
const personal = testProfile({ credentialId: 'personal', email: 'ada@example.com', displayName: 'Ada' });

/** The stored list and secrets, counting every secret read. */
function storedConnections(initial: ConnectionProfile[]) {
  let list = initial;
  const secrets = new Map(initial.map((profile) => [profile.credentialId, `secret-of-${profile.credentialId}`]));
  const listeners = new Set<() => void>();
  const reads: string[] = [];
  const source: StoredConnectionSource = {
    list: () => list,
    credentials: (credentialId): Promise<StoredCredentials> => {
      reads.push(credentialId);
      const profile = list.find((known) => known.credentialId === credentialId);
      const secret = secrets.get(credentialId);
      if (!profile) return Promise.resolve({ state: 'disconnected' });
      return Promise.resolve(secret === undefined ? { state: 'changedElsewhere', profile } : { state: 'connected', profile, secret });
    },
    onDidChange: (listener) => {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
  };
  const change = (next: ConnectionProfile[]) => {
    list = next;
    for (const profile of next) if (!secrets.has(profile.credentialId)) secrets.set(profile.credentialId, `secret-of-${profile.credentialId}`);
    for (const listener of listeners) listener();
  };
  return { source, reads, change };
}

const noForm = () => Promise.reject(new Error('no form in this test'));
const noDisconnect = () => Promise.resolve();

describe('the Accounts menu provider (plain Node, fake vscode)', () => {
  beforeEach(() => resetFakeVsCode());

  it('reads no secret at activation, nor to announce an added or removed connection', () => {
    const stored = storedConnections([work]);
    const provider = new BitbucketAuthenticationProvider(stored.source, noForm, noDisconnect);
    const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    provider.onDidChangeSessions((event) => events.push(event));

    stored.change([personal, work]);
    stored.change([personal]);

    assert.deepEqual(stored.reads, []);
    assert.deepEqual(
      events.map(({ added, removed, changed }) => ({ added: added?.map((session) => session.account.label), removed: removed?.map((session) => session.account.label), changed: changed?.length })),
      [
        { added: ['ada@example.com'], removed: [], changed: 0 },
        { added: [], removed: ['dev@example.com'], changed: 0 },
      ],
    );
    // Events never carry a secret.
    assert.ok(events.every((event) => [...(event.added ?? []), ...(event.removed ?? [])].every((session) => session.accessToken === '')));
    provider.dispose();
  });

  it('says nothing when the list did not change, and a changed account label is a changed session', () => {
    const stored = storedConnections([work]);
    const provider = new BitbucketAuthenticationProvider(stored.source, noForm, noDisconnect);
    const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    provider.onDidChangeSessions((event) => events.push(event));

    stored.change([work]);
    assert.equal(events.length, 0);
    stored.change([{ ...work, email: 'renamed@example.com' }]);
    assert.deepEqual(events.map((event) => event.changed?.map((session) => session.account.label)), [['renamed@example.com']]);
    provider.dispose();
  });

  it('hands out a session with its own secret only when VS Code asks for the sessions', async () => {
    const stored = storedConnections([work, personal]);
    const provider = new BitbucketAuthenticationProvider(stored.source, noForm, noDisconnect);
    const sessions = await provider.getSessions(undefined, {});
    assert.deepEqual(
      sessions.map((session) => [session.id, session.accessToken]),
      [
        ['work', 'secret-of-work'],
        ['personal', 'secret-of-personal'],
      ],
    );
    assert.deepEqual(stored.reads, ['work', 'personal']);
    provider.dispose();
  });
});
