import assert from 'node:assert/strict';
import type { CurrentUserResult } from '../../../src/bitbucket/client';
import type { BitbucketApi } from '../../../src/connection/connectionOutcomes';
import { ConnectionService } from '../../../src/connection/connectionService';
import { memoryStores, sequentialIds } from '../../support/memoryStores';
import { bitbucketOrigins } from '../../support/profiles';

const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: 'the-token' };
const answer: CurrentUserResult = { user: { type: 'user', display_name: 'Nora Developer', username: 'nora-dev' }, grantedScopes: ['read:user:bitbucket'] };

/** A Bitbucket whose answers wait until the test releases them. */
function heldClient() {
  let release: () => void = () => undefined;
  let held = false;
  const client: BitbucketApi = {
    getCurrentUser: () =>
      held ? new Promise((resolve) => (release = () => resolve(answer))) : Promise.resolve(answer),
    checkWorkspace: async () => ({ status: 'notFound' }),
    listWorkspaces: async () => ({ status: 'listed', slugs: [], truncated: false }),
    identifyAccessToken: async () => assert.fail('only an API token is connected here'),
    identifyDataCenterToken: async () => assert.fail('only an API token is connected here'),
  };
  return { client, hold: () => (held = true), release: () => release() };
}

function serviceWith(client: BitbucketApi, stores = memoryStores()) {
  const service = new ConnectionService({
    ...stores,
    createClient: () => ({ ok: true, client, origins: bitbucketOrigins }),
    now: () => new Date('2026-11-28T12:00:00Z'),
    newCredentialId: sequentialIds,
    changed: async () => undefined,
  });
  return { service, stores };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Connected, then a Test that waits for Bitbucket's answer until `held.release()`. */
async function testWaitingForBitbucket() {
  const held = heldClient();
  const { service, stores } = serviceWith(held.client);
  assert.ok((await service.connect(form)).ok);
  held.hold();
  const testing = service.test();
  await tick();
  return { held, stores, testing };
}

describe('ConnectionService races and storage faults', () => {
  it('a Disconnect during an in-flight Connect wins: nothing is stored', async () => {
    const held = heldClient();
    const { service, stores } = serviceWith(held.client);
    held.hold();
    const connecting = service.connect(form);
    await tick();
    await service.disconnect('all');
    held.release();
    const outcome = await connecting;
    assert.ok(!outcome.ok && outcome.failure.kind === 'disconnectedMeanwhile', JSON.stringify(outcome));
    assert.deepEqual(stores.connections.list(), []);
    assert.equal(stores.secrets.byId.size, 0);
    assert.equal((await service.status()).state, 'disconnected');
  });

  it('a Disconnect in another window during a reconnect here wins too: nothing is stored', async () => {
    const held = heldClient();
    const { service, stores } = serviceWith(held.client);
    assert.ok((await service.connect(form)).ok);
    held.hold();
    const reconnecting = service.connect({ ...form, secret: 'a-newer-token' });
    await tick();
    // What another window's Disconnect leaves in the shared stores; this window's service never ran it.
    await stores.secrets.delete(stores.connections.list()[0].credentialId);
    await stores.connections.write([]);
    held.release();
    const outcome = await reconnecting;
    assert.ok(!outcome.ok && outcome.failure.kind === 'disconnectedMeanwhile', JSON.stringify(outcome));
    assert.deepEqual(stores.connections.list(), []);
    assert.equal(stores.secrets.byId.size, 0);
  });

  it('a Test keeps its result only while both the profile and the secret carry the tested id', async () => {
    const { held, stores, testing } = await testWaitingForBitbucket();
    // Another window reconnected: a newer profile, while this window's secret still lags.
    const newer = { ...stores.connections.list()[0], credentialId: 'from-another-window', displayName: 'Other Window' };
    await stores.connections.write([newer]);
    held.release();
    assert.ok((await testing).ok);
    assert.deepEqual(stores.connections.list(), [newer], 'the test overwrote the other window\'s profile');
  });

  it('a Test writes only the fields it tested', async () => {
    const { held, stores, testing } = await testWaitingForBitbucket();
    await stores.connections.write([{ ...stores.connections.list()[0], gitOrigin: 'https://git.confirmed.example', workspace: 'set-meanwhile' }]);
    held.release();
    assert.ok((await testing).ok);
    const [tested, ...others] = stores.connections.list();
    assert.deepEqual(others, []);
    assert.equal(tested?.gitOrigin, 'https://git.confirmed.example');
    assert.equal(tested?.workspace, 'set-meanwhile');
    assert.equal(tested?.displayName, 'Nora Developer');
  });

  it('a SecretStorage that cannot be read gives Test a storage failure, not a rejection', async () => {
    const stores = memoryStores();
    const { service } = serviceWith(heldClient().client, stores);
    assert.ok((await service.connect(form)).ok);
    stores.secrets.get = async () => {
      throw new Error('keyring unavailable');
    };
    const tested = await service.test();
    assert.ok(!tested.ok && tested.failure.kind === 'storage', JSON.stringify(tested));
  });
});
