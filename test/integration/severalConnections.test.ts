import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import type { ConnectForm } from '../../src/connection/connectInput';
import { identityOf, maxConnections } from '../../src/connection/connectionList';
import { activeProfile } from '../../src/connection/storedConnection';
import { DEMO_API_TOKEN, demoAccount, demoAccountSecondToken, otherPersonAccount, startFakeBitbucket, type FakeAccount, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { bitbucketOrigins } from '../support/profiles';
import { serviceOver } from '../support/connectedService';
import { memoryStores } from '../support/memoryStores';

const work: ConnectForm = { credentialType: 'apiToken', email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };
const home = { ...otherPersonAccount(), workspaces: { 'ada-home': 'owner' } } satisfies FakeAccount;
const personal: ConnectForm = { credentialType: 'apiToken', email: home.email, secret: home.secret, workspace: 'ada-home' };

describe('several connections against the loopback fake', () => {
  let fake: FakeBitbucket;
  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), demoAccountSecondToken(), home] });
  });
  after(() => fake.close());

  function service(stores = memoryStores()) {
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
    return { connection: serviceOver(client, stores), stores };
  }

  const ids = (stores: ReturnType<typeof memoryStores>) => stores.connections.list().map((profile) => profile.displayName);
  /** The name of the connection this window uses. */
  const inUse = (stores: ReturnType<typeof memoryStores>) => activeProfile(stores.connections)?.displayName;

  it('a second account is added beside the first, each with its own secret; this window uses the one just connected', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    assert.deepEqual(ids(stores), ['Someone Else', 'Nora Developer']);
    const [newest, first] = stores.connections.list();
    assert.equal(stores.secrets.byId.get(first.credentialId)?.secret, DEMO_API_TOKEN);
    assert.equal(stores.secrets.byId.get(newest.credentialId)?.secret, home.secret);
    assert.equal((await connection.status()).state === 'connected' && (await connection.credentials()).state, 'connected');
    assert.equal(inUse(stores), 'Someone Else');
    // Each connection reads its own secret, never the other's.
    const firstCredentials = await connection.credentials(first.credentialId);
    assert.ok(firstCredentials.state === 'connected' && firstCredentials.secret === DEMO_API_TOKEN);
  });

  it('connecting the same account again replaces its entry and deletes the old secret; the others stay', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    const before = stores.connections.list().find((profile) => profile.displayName === 'Nora Developer')!;
    assert.ok((await connection.connect({ ...work, secret: demoAccountSecondToken().secret })).ok);
    assert.deepEqual(ids(stores), ['Nora Developer', 'Someone Else']);
    assert.equal(stores.secrets.byId.has(before.credentialId), false, 'the replaced secret is still stored');
    assert.deepEqual([...stores.secrets.byId.values()].map((stored) => stored.secret).sort(), [demoAccountSecondToken().secret, home.secret].sort());
  });

  it('refuses an eleventh connection with a sentence and stores nothing', async () => {
    const { connection, stores } = service();
    const full = Array.from({ length: maxConnections }, (_, index) => testEntry(index));
    await stores.connections.write(full);
    const outcome = await connection.connect(work);
    assert.ok(!outcome.ok && outcome.failure.kind === 'tooMany', JSON.stringify(outcome));
    assert.match(outcome.failure.problem.text, /at most \{0\} Bitbucket connections/);
    assert.equal(stores.connections.list().length, maxConnections);
    assert.equal(stores.secrets.byId.size, 0);
  });

  it('Disconnect removes only the connection asked for, and "all" removes every one', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    const [newest, first] = stores.connections.list();
    await connection.disconnect([newest.credentialId]);
    assert.deepEqual(ids(stores), ['Nora Developer']);
    assert.deepEqual([...stores.secrets.byId.keys()], [first.credentialId]);
    assert.equal(activeProfile(stores.connections)?.credentialId, first.credentialId, 'the window falls back to the connection left');
    assert.ok((await connection.connect(personal)).ok);
    await connection.disconnect('all');
    assert.deepEqual(ids(stores), []);
    assert.equal(stores.secrets.byId.size, 0);
  });

  it("the folder's remote chooses the connection; a pick decides only where the remote does not", async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    const nora = stores.connections.list().find((profile) => profile.displayName === 'Nora Developer')!;
    stores.connections.remoteUrls = ['https://bitbucket.org/acme-eng/widgets.git'];
    assert.equal((await connection.status()).state === 'connected' && inUse(stores), 'Nora Developer');
    stores.connections.remoteUrls = ['git@bitbucket.org:ada-home/notes.git'];
    assert.equal(inUse(stores), 'Someone Else');
    await connection.pick(nora.credentialId);
    assert.equal(inUse(stores), 'Someone Else', 'the remote comes before the pick');
    stores.connections.remoteUrls = [];
    assert.equal(inUse(stores), 'Nora Developer');
    assert.equal(stores.connections.picked, identityOf(nora));
  });

  it('a connection whose secret is missing is broken, never paired with another secret; Test and the terminal refuse it', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    const [broken, intact] = stores.connections.list();
    stores.secrets.byId.delete(broken.credentialId);
    assert.deepEqual(await connection.credentials(), { state: 'changedElsewhere', profile: broken });
    const tested = await connection.test();
    assert.ok(!tested.ok && tested.failure.kind === 'changedElsewhere', JSON.stringify(tested));
    assert.equal((await connection.credentials(intact.credentialId)).state, 'connected');
  });

  it('a removed connection is refused when asked for by id, never answered with another one', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(work)).ok);
    assert.ok((await connection.connect(personal)).ok);
    const [removed] = stores.connections.list();
    await connection.disconnect([removed.credentialId]);
    assert.deepEqual(await connection.credentials(removed.credentialId), { state: 'disconnected' });
    const tested = await connection.test(removed.credentialId);
    assert.ok(!tested.ok && tested.failure.kind === 'notConnected', JSON.stringify(tested));
  });
});

/** A stored API-token connection of its own account, as another Connect would have left it. */
function testEntry(index: number) {
  return {
    version: 1 as const,
    credentialId: `stored-${index}`,
    credentialType: 'apiToken' as const,
    email: `person${index}@example.com`,
    accountId: `712020:${index}`,
    displayName: `Person ${index}`,
    lastTestedAt: '2026-11-28T12:00:00.000Z',
    apiOrigin: bitbucketOrigins.api,
    gitOrigin: bitbucketOrigins.git,
  };
}
