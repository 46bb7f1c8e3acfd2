import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import type { BitbucketCredentials } from '../../src/bitbucket/credentials';
import { DEMO_API_TOKEN, demoAccount, startCountingServer, startFakeBitbucket, type FakeAccount, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { serviceOver } from '../support/connectedService';
import { memoryStores } from '../support/memoryStores';
import { loadOpenApiExtract } from '../support/openApiExtract';

const slugs = (count: number): string[] => Array.from({ length: count }, (_, i) => `team-${String(i).padStart(3, '0')}`);
const withWorkspaces = (email: string, names: readonly string[]): FakeAccount => ({
  ...demoAccount(),
  email,
  workspaces: Object.fromEntries(names.map((name) => [name, 'member' as const])),
});
const credentialsOf = (account: FakeAccount): BitbucketCredentials => ({ type: 'apiToken', restUsername: account.email!, secret: account.secret });
const listRequests = (fake: FakeBitbucket) => fake.requests.filter((r) => r.path.startsWith('/2.0/user/workspaces?'));

describe('the workspace list (GET /2.0/user/workspaces) on loopback', () => {
  let fake: FakeBitbucket;
  let client: BitbucketClient;
  const start = async (maxPagelen: number, ...accounts: FakeAccount[]) => {
    fake = await startFakeBitbucket({ accounts, maxPagelen });
    client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
  };
  afterEach(() => fake?.close());

  it('the fake answers with several pages that fit the spec, linked by next and previous', async () => {
    const { schemaFor, assertValid } = loadOpenApiExtract('bitbucket-cloud.json');
    const validate = schemaFor('/user/workspaces', '200');
    const account = withWorkspaces('many@example.com', slugs(25));
    await start(100, account);
    const authorization = `Basic ${Buffer.from(`${account.email}:${account.secret}`).toString('base64')}`;
    const seen: string[] = [];
    let url: string | undefined = `${fake.apiBaseUrl}/user/workspaces`;
    for (let page = 1; url; page++) {
      const body = (await (await fetch(url, { headers: { authorization } })).json()) as Record<string, unknown>;
      assertValid(validate, body);
      assert.equal(body['page'], page);
      assert.equal(body['pagelen'], 10);
      assert.equal(body['previous'] !== undefined, page > 1);
      seen.push(...(body['values'] as { workspace: { slug: string } }[]).map((value) => value.workspace.slug));
      url = body['next'] as string | undefined;
    }
    assert.deepEqual(seen, slugs(25));
  });

  it('gathers every page, sorted, and says the list is complete', async () => {
    const account = withWorkspaces('many@example.com', slugs(25).reverse());
    await start(10, account);
    const list = await client.listWorkspaces(credentialsOf(account));
    assert.deepEqual(list, { status: 'listed', slugs: slugs(25), truncated: false });
    assert.equal(listRequests(fake).length, 3);
  });

  it('stops at 500 workspaces and at 10 pages, and says the list was cut', async () => {
    const crowd = withWorkspaces('crowd@example.com', slugs(600));
    const pages = withWorkspaces('pages@example.com', slugs(15));
    await start(100, crowd);
    const byCount = await client.listWorkspaces(credentialsOf(crowd));
    assert.ok(byCount.status === 'listed' && byCount.truncated);
    assert.deepEqual(byCount.slugs, slugs(500));
    assert.equal(listRequests(fake).length, 5);
    await fake.close();
    await start(1, pages);
    const byPages = await client.listWorkspaces(credentialsOf(pages));
    assert.deepEqual(byPages, { status: 'listed', slugs: slugs(10), truncated: true });
    assert.equal(listRequests(fake).length, 10);
  });

  it('never follows a next link to another origin or another path', async () => {
    const account = withWorkspaces('many@example.com', slugs(3));
    await start(1, account);
    const elsewhere = await startCountingServer();
    try {
      for (const next of [`${elsewhere.url}/2.0/user/workspaces?page=2`, `${fake.apiBaseUrl}/repositories?page=2`, `http://x:y@${new URL(fake.apiBaseUrl).host}/2.0/user/workspaces?page=2`]) {
        fake.requests.length = 0;
        fake.rewriteNext = () => next;
        assert.deepEqual(await client.listWorkspaces(credentialsOf(account)), { status: 'listed', slugs: ['team-000'], truncated: true });
        assert.deepEqual(fake.requests.map((r) => r.path), ['/2.0/user/workspaces?sort=slug&pagelen=100']);
      }
      assert.equal(elsewhere.count(), 0);
    } finally {
      await elsewhere.close();
    }
  });

  it('drops slugs that are not Bitbucket slugs', async () => {
    const account = withWorkspaces('odd@example.com', ['good', 'Bad Slug', '../up', '..', '.', '.hidden', 'x\nhost=evil', 'a'.repeat(63)]);
    await start(100, account);
    assert.deepEqual(await client.listWorkspaces(credentialsOf(account)), { status: 'listed', slugs: ['good'], truncated: false });
  });

  it('a 403 names the missing scope; a 401 is a failure', async () => {
    const narrow = { ...withWorkspaces('narrow@example.com', ['acme-eng']), scopes: ['read:user:bitbucket'] };
    await start(100, narrow);
    assert.deepEqual(await client.listWorkspaces(credentialsOf(narrow)), { status: 'missingScope', scope: 'read:workspace:bitbucket' });
    const wrong = await client.listWorkspaces({ ...credentialsOf(narrow), secret: 'wrong' });
    assert.ok(wrong.status === 'failed' && wrong.error.kind === 'unauthorized');
  });

  describe('through the connection service', () => {
    const service = () => {
      const stores = memoryStores();
      return { connection: serviceOver(client, stores), stores };
    };
    const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN };

    it('a Connect carries the list; without the scope in x-oauth-scopes it is not asked for', async () => {
      const narrow = { ...demoAccount(), email: 'narrow@example.com', scopes: ['read:user:bitbucket'] };
      await start(100, { ...demoAccount(), workspaces: { 'acme-eng': 'owner', 'acme-ops': 'member' } }, narrow);
      const outcome = await service().connection.connect(form);
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.report.workspaces, { status: 'listed', slugs: ['acme-eng', 'acme-ops'], truncated: false });
      fake.requests.length = 0;
      const without = await service().connection.connect({ ...form, email: 'narrow@example.com' });
      assert.ok(without.ok);
      assert.deepEqual(without.report.workspaces, { status: 'missingScope', scope: 'read:workspace:bitbucket' });
      assert.deepEqual(listRequests(fake), []);
    });

    it('a workspace picked after connecting is checked with the stored token and stored', async () => {
      await start(100, { ...demoAccount(), workspaces: { 'acme-eng': 'owner', 'acme-ops': 'member' } });
      const { connection, stores } = service();
      assert.ok((await connection.connect(form)).ok);
      const workspaces = () => stores.connections.list().map((profile) => profile.workspace);
      assert.deepEqual(workspaces(), [undefined]);
      fake.requests.length = 0;
      const picked = await connection.useWorkspace('acme-ops');
      assert.ok(picked.ok);
      assert.deepEqual(picked.report.workspace, { status: 'member', permission: 'member' });
      assert.deepEqual(workspaces(), ['acme-ops']);
      assert.ok(fake.requests.some((r) => r.path === '/2.0/user/workspaces/acme-ops/permission'));
      const refused = await connection.useWorkspace('Acme Ops');
      assert.ok(!refused.ok && refused.failure.kind === 'invalidInput' && refused.failure.fieldErrors.workspace);
      assert.deepEqual(workspaces(), ['acme-ops']);
      assert.ok((await connection.useWorkspace(' ')).ok);
      assert.deepEqual(workspaces(), [undefined]);
    });
  });
});
