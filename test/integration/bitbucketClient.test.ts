import assert from 'node:assert/strict';
import * as http from 'node:http';
import { BitbucketClient } from '../../src/bitbucket/client';
import type { BitbucketCredentials } from '../../src/bitbucket/credentials';
import { BitbucketError, type BitbucketErrorKind } from '../../src/bitbucket/errors';
import {
  DEMO_API_TOKEN,
  DISPLAY_NAMES,
  demoAccount,
  demoAppPasswordAccount,
  startCountingServer,
  startFakeBitbucket,
  type FakeBitbucket,
  type FakeFault,
} from '../fakes/fakeBitbucket';

const token: BitbucketCredentials = { type: 'apiToken', restUsername: 'dev@example.com', secret: DEMO_API_TOKEN };

describe('BitbucketClient against the loopback fake', () => {
  let fake: FakeBitbucket;
  let client: BitbucketClient;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), demoAppPasswordAccount()] });
    client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'nora-bitbucket-vscode/test' });
  });
  after(() => fake.close());
  afterEach(() => {
    fake.setFault(undefined);
    fake.requests.length = 0;
  });

  async function failure(credentials = token, target: BitbucketClient = client): Promise<BitbucketError> {
    const error = await target.getCurrentUser(credentials).then(
      () => assert.fail('expected the call to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BitbucketError, `not a BitbucketError: ${String(error)}`);
    return error;
  }

  it('reads the user and the granted scopes with Basic auth, JSON Accept and our User-Agent', async () => {
    const result = await client.getCurrentUser(token);
    assert.equal(result.user.display_name, 'Nora Developer');
    assert.equal(result.user.username, 'nora-dev');
    assert.ok(result.grantedScopes?.includes('read:user:bitbucket'));
    const [request] = fake.requests;
    assert.equal(request?.authorization, `Basic ${Buffer.from(`dev@example.com:${DEMO_API_TOKEN}`).toString('base64')}`);
    assert.equal(request?.accept, 'application/json');
    assert.equal(request?.userAgent, 'nora-bitbucket-vscode/test');
  });

  it('signs in an app password with the username', async () => {
    const legacy = demoAppPasswordAccount();
    const result = await client.getCurrentUser({ type: 'appPassword', restUsername: legacy.username, secret: legacy.secret });
    assert.ok(result.grantedScopes?.includes('account'));
  });

  it('checks the workspace: member, not found, cannot verify', async () => {
    assert.deepEqual(await client.checkWorkspace(token, 'acme-eng'), { status: 'member', permission: 'owner' });
    assert.deepEqual(await client.checkWorkspace(token, 'someone-else'), { status: 'notFound' });
    const sent = fake.requests.length;
    for (const slug of ['..', '.', '.hidden']) assert.deepEqual(await client.checkWorkspace(token, slug), { status: 'notFound' });
    assert.equal(fake.requests.length, sent, 'a dot-led slug reached the server');
    const account = demoAccount();
    account.email = 'narrow@example.com';
    account.scopes = account.scopes.filter((s) => s !== 'read:workspace:bitbucket');
    fake.addAccount(account);
    assert.deepEqual(await client.checkWorkspace({ ...token, restUsername: 'narrow@example.com' }, 'acme-eng'), { status: 'cannotVerify' });
  });

  it('refuses to send a request without a username', async () => {
    assert.equal((await failure({ ...token, restUsername: ' ' })).kind, 'missingUsername');
    assert.equal(fake.requests.length, 0);
  });

  const faults: [string, FakeFault, BitbucketErrorKind, RegExp][] = [
    ['401 with a JSON body', { kind: 'unauthorized-json' }, 'unauthorized', /email or API token/],
    ['401 with an empty body', { kind: 'unauthorized-empty' }, 'unauthorized', /401/],
    ['401 with a text/plain body', { kind: 'unauthorized-text' }, 'unauthorized', /401/],
    ['403 without read:user', { kind: 'forbidden-scopes' }, 'forbidden', /lacks read:user:bitbucket\. It has: read:repository:bitbucket, write:repository:bitbucket\./],
    ['404', { kind: 'not-found' }, 'notFound', /nora\.bitbucket\.apiBaseUrl/],
    ['410 Gone', { kind: 'gone' }, 'gone', /410 Gone.*https:\/\//],
    ['429 text/plain without Retry-After', { kind: 'rate-limited' }, 'rateLimited', /about 1,000 requests an hour/],
    ['500', { kind: 'server-error' }, 'serverError', /HTTP 500/],
    ['502 with HTML', { kind: 'bad-gateway-html' }, 'serverError', /HTTP 502/],
    ['503', { kind: 'service-unavailable' }, 'serverError', /HTTP 503/],
    ['200 that is not JSON', { kind: 'ok-not-json' }, 'invalidResponse', /not JSON/],
    ['200 JSON that does not fit the schema', { kind: 'ok-schema-mismatch' }, 'invalidResponse', /expected shape/],
    ['200 with a 10 MB body', { kind: 'ok-huge-body' }, 'invalidResponse', /larger than 1 MB/],
    ['a socket closed mid-body', { kind: 'drop-mid-body' }, 'network', /failed before Bitbucket finished/],
  ];
  for (const [name, fault, kind, message] of faults) {
    it(`maps ${name} to its own message`, async () => {
      fake.setFault(fault);
      const error = await failure();
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
      assert.ok(!error.message.includes(DEMO_API_TOKEN));
    });
  }

  for (const variant of ['emoji', 'rtl', 'long'] as const) {
    it(`keeps a ${variant} display name exactly`, async () => {
      fake.setFault({ kind: 'ok-display-name', variant });
      assert.equal((await client.getCurrentUser(token)).user.display_name, DISPLAY_NAMES[variant]);
    });
  }

  it('accepts has_2fa_enabled: null', async () => {
    fake.setFault({ kind: 'ok-2fa-null' });
    assert.equal((await client.getCurrentUser(token)).user.has_2fa_enabled, null);
  });

  it('gives up at the configured timeout when the server never answers', async () => {
    fake.setFault({ kind: 'hang' });
    const quick = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 300, userAgent: 'test' });
    const started = Date.now();
    const error = await failure(token, quick);
    assert.equal(error.kind, 'timeout');
    assert.ok(Date.now() - started < 2500, 'the timeout fired late');
  });

  for (const status of [301, 302, 307] as const) {
    it(`does not follow a ${status} redirect, so the Authorization header never reaches the other host`, async () => {
      const elsewhere = await startCountingServer();
      try {
        fake.setFault({ kind: 'redirect', status, location: `${elsewhere.url}/2.0/user` });
        const error = await failure();
        assert.equal(error.kind, 'redirectRefused');
        assert.ok(error.message.includes(`${elsewhere.url}/2.0/user`), `the message does not say where the redirect pointed: ${error.message}`);
        assert.equal(fake.requests.length, 1, 'the request was repeated');
        assert.equal(elsewhere.count(), 0);
      } finally {
        await elsewhere.close();
      }
    });
  }

  it('maps a refused connection and a name that does not resolve', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const refused = new BitbucketClient({ apiBaseUrl: `http://127.0.0.1:${port}/2.0`, timeoutMs: 3000, userAgent: 'test' });
    assert.equal((await failure(token, refused)).kind, 'connectionRefused');
    const nowhere = new BitbucketClient({ apiBaseUrl: 'https://nora-test.invalid/2.0', timeoutMs: 3000, userAgent: 'test' });
    const error = await failure(token, nowhere);
    assert.equal(error.kind, 'hostNotFound');
    assert.match(error.message, /nora-test\.invalid/);
  });
});
