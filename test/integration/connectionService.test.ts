import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import type { ConnectForm } from '../../src/connection/connectInput';
import { ConnectionService } from '../../src/connection/connectionService';
import { activeProfile } from '../../src/connection/storedConnection';
import { userMessage } from '../../src/userMessage';
import { DEMO_API_TOKEN, demoAccount, demoAppPasswordAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { bitbucketOrigins } from '../support/profiles';
import { memoryStores, sequentialIds } from '../support/memoryStores';

const form: ConnectForm = { credentialType: 'apiToken', email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };

describe('ConnectionService against the loopback fake', () => {
  let fake: FakeBitbucket;
  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), demoAppPasswordAccount()] });
  });
  after(() => fake.close());
  afterEach(() => {
    fake.setFault(undefined);
    fake.requests.length = 0;
  });

  function service(stores = memoryStores()) {
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
    const changes = { count: 0 };
    const connection = new ConnectionService({
      ...stores,
      createClient: () => ({ ok: true, client, origins: bitbucketOrigins }),
      now: () => new Date('2026-11-28T12:00:00Z'),
      newCredentialId: sequentialIds,
      changed: async () => void changes.count++,
    });
    return { connection, stores, changes };
  }

  it('connects with an API token: stores the secret and a profile without it', async () => {
    const { connection, stores } = service();
    const outcome = await connection.connect({ ...form, email: '  dev@example.com ' });
    assert.ok(outcome.ok);
    assert.equal(stores.secrets.value?.secret, DEMO_API_TOKEN);
    const credentialId = stores.secrets.value?.credentialId;
    assert.ok(credentialId);
    assert.deepEqual(stores.connections.list(), [{
      version: 1,
      credentialId,
      credentialType: 'apiToken',
      email: 'dev@example.com',
      username: 'nora-dev',
      workspace: 'acme-eng',
      displayName: 'Nora Developer',
      accountId: demoAccount().accountId,
      grantedScopes: demoAccount().scopes,
      lastTestedAt: '2026-11-28T12:00:00.000Z',
      apiOrigin: bitbucketOrigins.api,
      gitOrigin: bitbucketOrigins.git,
    }]);
    assert.ok(!JSON.stringify(stores.connections.list()).includes(DEMO_API_TOKEN));
    assert.deepEqual(outcome.report.workspace, { status: 'member', permission: 'owner' });
    assert.equal(outcome.report.scopes.missing.length, 0);
  });

  it('connects with a legacy app password using the username', async () => {
    const legacy = demoAppPasswordAccount();
    const { connection, stores } = service();
    const outcome = await connection.connect({ credentialType: 'appPassword', username: legacy.username, secret: legacy.secret });
    assert.ok(outcome.ok);
    assert.deepEqual(stores.connections.list().map(({ username, email }) => ({ username, email })), [{ username: legacy.username, email: undefined }]);
  });

  it('a failed connect changes nothing that was stored', async () => {
    const { connection, stores } = service();
    assert.ok((await connection.connect(form)).ok);
    const before = { secret: stores.secrets.value, connections: structuredClone(stores.connections.list()) };
    for (const fault of [{ kind: 'unauthorized-json' }, { kind: 'server-error' }, { kind: 'ok-not-json' }] as const) {
      fake.setFault(fault);
      const outcome = await connection.connect({ ...form, secret: 'a-new-wrong-token' });
      assert.equal(outcome.ok, false);
      assert.deepEqual({ secret: stores.secrets.value, connections: stores.connections.list() }, before);
    }
    fake.setFault(undefined);
    const invalid = await connection.connect({ ...form, email: 'not-an-email' });
    assert.ok(!invalid.ok && invalid.failure.kind === 'invalidInput');
    assert.deepEqual({ secret: stores.secrets.value, connections: stores.connections.list() }, before);
  });

  it('restores the previous connection when the secret cannot be stored', async () => {
    const stores = memoryStores();
    const { connection } = service(stores);
    assert.ok((await connection.connect(form)).ok);
    const before = structuredClone(stores.connections.list());
    stores.secrets.store = async () => {
      throw new Error('no keyring');
    };
    const outcome = await connection.connect({ ...form, workspace: '' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'storage');
    assert.deepEqual(stores.connections.list(), before);
    assert.equal(stores.secrets.value?.secret, DEMO_API_TOKEN);
  });

  it('a Connect submitted twice while in flight makes one check and gives one result', async () => {
    const { connection } = service();
    const [first, second] = await Promise.all([connection.connect({ ...form, workspace: '' }), connection.connect({ ...form, workspace: '' })]);
    assert.equal(first, second);
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      ['/2.0/user', '/2.0/user/workspaces?sort=slug&pagelen=100'],
    );
  });

  it('tests the stored connection, and says when there is none', async () => {
    const { connection, stores } = service();
    const none = await connection.test();
    assert.ok(!none.ok && none.failure.kind === 'notConnected');
    await connection.connect(form);
    fake.requests.length = 0;
    assert.ok((await connection.test()).ok);
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      ['/2.0/user', '/2.0/user/workspaces/acme-eng/permission'],
    );
    fake.setFault({ kind: 'unauthorized-json' });
    const failed = await connection.test();
    assert.ok(!failed.ok && failed.failure.kind === 'bitbucket' && failed.failure.error.kind === 'unauthorized');
    assert.equal(stores.secrets.value?.secret, DEMO_API_TOKEN, 'a failed test must not forget the connection');
  });

  it('warns, but connects, when scopes are missing or the workspace is unknown', async () => {
    const narrow = { ...demoAccount(), email: 'narrow@example.com', scopes: ['read:user:bitbucket'] };
    fake.addAccount(narrow);
    const { connection } = service();
    const outcome = await connection.connect({ ...form, email: narrow.email, workspace: 'nowhere' });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.report.workspace, { status: 'cannotVerify' });
    assert.ok(outcome.report.scopes.missing.some((s) => s.scope === 'write:repository:bitbucket'));
  });

  it('never pairs a connection with another one\'s secret, as a window whose secret storage lags behind would', async () => {
    const windowA = service();
    await windowA.connection.connect(form);
    // Window B shares the list (globalState) but holds only A's first secret.
    const staleSecrets = memoryStores().secrets;
    await staleSecrets.store(windowA.stores.secrets.value!);
    const windowB = service({ secrets: staleSecrets, connections: windowA.stores.connections });
    const second = { ...demoAccount(), email: 'second@example.com', secret: 'second-token', displayName: 'Second' };
    fake.addAccount(second);
    assert.ok((await windowA.connection.connect({ ...form, email: second.email, secret: second.secret })).ok);

    assert.deepEqual(await windowB.connection.credentials(), { state: 'changedElsewhere', profile: activeProfile(windowA.stores.connections) });
    const test = await windowB.connection.test();
    assert.ok(!test.ok && test.failure.kind === 'changedElsewhere');
    assert.equal((await windowA.connection.credentials()).state, 'connected');
  });

  it('disconnect deletes the secret and the profile and tells listeners', async () => {
    const { connection, stores, changes } = service();
    await connection.connect(form);
    assert.equal(changes.count, 1);
    await connection.disconnect('all');
    assert.equal(stores.secrets.byId.size, 0);
    assert.deepEqual(stores.connections.list(), []);
    assert.deepEqual(await connection.status(), { state: 'disconnected' });
    assert.equal(changes.count, 2);
  });

  it('reports refused settings without a request', async () => {
    const stores = memoryStores();
    const connection = new ConnectionService({
      ...stores,
      createClient: () => ({ ok: false, problem: userMessage('refused') }),
      now: () => new Date(),
      newCredentialId: sequentialIds,
      changed: async () => undefined,
    });
    const outcome = await connection.connect(form);
    assert.ok(!outcome.ok && outcome.failure.kind === 'settings');
    assert.equal(fake.requests.length, 0);
  });

  it('pins the origins at Connect: a Test sends nothing to a new API origin until the user confirms it', async () => {
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
    let origins: { api: string; git: string } = bitbucketOrigins;
    const connection = new ConnectionService({
      ...stores,
      createClient: () => ({ ok: true, client, origins }),
      now: () => new Date('2026-11-28T12:00:00Z'),
      newCredentialId: sequentialIds,
      changed: async () => undefined,
    });
    assert.ok((await connection.connect(form)).ok);
    fake.requests.length = 0;
    origins = { ...bitbucketOrigins, api: 'https://evil.example' };
    const refused = await connection.test();
    assert.ok(!refused.ok && refused.failure.kind === 'originChanged', JSON.stringify(refused));
    assert.deepEqual(refused.failure.change, { setting: 'nora.bitbucket.apiBaseUrl', pinned: bitbucketOrigins.api, current: 'https://evil.example' });
    assert.equal(fake.requests.length, 0, 'the stored secret was sent to the new origin');
    const profile = activeProfile(stores.connections);
    assert.ok(profile);
    assert.equal(await connection.confirmOrigin('an-older-connection', refused.failure.change), false, 'a yes for a connection replaced meanwhile reports success');
    assert.equal(activeProfile(stores.connections)?.apiOrigin, profile.apiOrigin, 'a yes for a connection replaced meanwhile moved the pin');
    assert.equal(await connection.confirmOrigin(profile.credentialId, refused.failure.change), true);
    assert.ok((await connection.test()).ok);
    assert.equal(activeProfile(stores.connections)?.apiOrigin, 'https://evil.example');
    assert.equal(fake.requests.length, 2);
  });

  it("pins the MCP server's origin at Connect, keeps it through a Test, and moves it only when the user confirms", async () => {
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
    const connection = new ConnectionService({
      ...stores,
      createClient: () => ({ ok: true, client, origins: { ...bitbucketOrigins, mcp: 'https://mcp.atlassian.com' } }),
      now: () => new Date('2026-11-28T12:00:00Z'),
      newCredentialId: sequentialIds,
      changed: async () => undefined,
    });
    assert.ok((await connection.connect(form)).ok);
    assert.equal(activeProfile(stores.connections)?.mcpOrigin, 'https://mcp.atlassian.com');
    assert.ok((await connection.test()).ok);
    assert.equal(activeProfile(stores.connections)?.mcpOrigin, 'https://mcp.atlassian.com', 'a Test dropped the pinned MCP origin');
    const profile = activeProfile(stores.connections);
    assert.ok(profile);
    await connection.confirmOrigin(profile.credentialId, { setting: 'nora.bitbucket.mcpUrl', pinned: 'https://mcp.atlassian.com', current: 'https://mcp.example.com' });
    assert.equal(activeProfile(stores.connections)?.mcpOrigin, 'https://mcp.example.com');
    assert.equal(activeProfile(stores.connections)?.apiOrigin, profile.apiOrigin);
  });
});
