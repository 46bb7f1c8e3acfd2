import assert from 'node:assert/strict';
import {
  DEMO_ACCESS_TOKEN,
  DEMO_API_TOKEN,
  DISPLAY_NAMES,
  demoRepositoryAccessToken,
  demoWorkspaceAccessToken,
  demoAccount,
  demoAppPasswordAccount,
  startCountingServer,
  startFakeBitbucket,
  type FakeAccount,
  type FakeBitbucket,
} from '../fakes/fakeBitbucket';
import { loadOpenApiExtract } from '../support/openApiExtract';

const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

const token = demoAccount();
const appPassword = demoAppPasswordAccount();
const repoOnlyToken: FakeAccount = {
  ...demoAccount(),
  email: 'repo-only@example.com',
  secret: 'repo-only-token',
  scopes: ['read:repository:bitbucket', 'write:repository:bitbucket'],
};
const userOnlyToken: FakeAccount = { ...demoAccount(), email: 'user-only@example.com', secret: 'user-only-token', scopes: ['read:user:bitbucket'] };
const repoOnlyAppPassword: FakeAccount = { ...demoAppPasswordAccount(), username: 'repo-only', secret: 'repo-only-pw', scopes: ['repository'] };

const TOKEN_AUTH = basic('dev@example.com', DEMO_API_TOKEN);
const APP_AUTH = basic(appPassword.username, appPassword.secret);

describe('fake Bitbucket Cloud server', () => {
  let fake: FakeBitbucket;

  beforeEach(async () => {
    fake = await startFakeBitbucket({ accounts: [token, appPassword, repoOnlyToken, userOnlyToken] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const get = (p: string, authorization?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${fake.apiBaseUrl}${p}`, { ...init, headers: authorization ? { authorization } : {} });

  describe('spec conformance (the Cloud OpenAPI spec)', () => {
    // An extract of Atlassian's Cloud spec, made by scripts/extract-openapi.mjs (provenance inside).
    const { schemaFor, component, assertValid } = loadOpenApiExtract('bitbucket-cloud.json');

    it('GET /user 200 bodies fit the spec (the /user 200 schema and the full user schema)', async () => {
      for (const auth of [TOKEN_AUTH, APP_AUTH]) {
        const res = await get('/user', auth);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const body = (await res.json()) as Record<string, unknown>;
        assertValid(schemaFor('/user', '200'), body);
        assertValid(component('user'), body);
        assert.equal(body['type'], 'user');
        assert.equal(body['username'], 'nora-dev');
        assert.match(String(body['uuid']), /^\{[0-9a-f-]{36}\}$/);
      }
    });

    it('workspace permission 200 body fits the spec', async () => {
      const res = await get('/user/workspaces/acme-eng/permission', TOKEN_AUTH);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { permission: string; workspace: { slug: string; type: string } };
      assertValid(schemaFor('/user/workspaces/{workspace}/permission', '200'), body);
      assertValid(component('workspace'), body.workspace);
      assert.equal(body.permission, 'owner');
      assert.equal(body.workspace.slug, 'acme-eng');
      assert.equal(body.workspace.type, 'workspace');
    });

    it('the access-token identity answers fit the spec: repository, workspace, a page of repositories, and 404 errors', async () => {
      fake.accessTokens.push(demoRepositoryAccessToken(), demoWorkspaceAccessToken());
      const bearer = (secret: string) => `Bearer ${secret}`;
      const repository = await get('/repositories/acme-eng/widgets', bearer(DEMO_ACCESS_TOKEN));
      assert.equal(repository.status, 200);
      assert.equal(repository.headers.get('x-credential-type'), 'repo_access_token');
      assertValid(schemaFor('/repositories/{workspace}/{repo_slug}', '200'), await repository.json());
      const workspace = await get('/workspaces/acme-eng', bearer(demoWorkspaceAccessToken().secret));
      assert.equal(workspace.headers.get('x-credential-type'), 'workspace_access_token');
      assertValid(schemaFor('/workspaces/{workspace}', '200'), await workspace.json());
      const listed = await get('/repositories/acme-eng?pagelen=1', bearer(DEMO_ACCESS_TOKEN));
      assertValid(schemaFor('/repositories/{workspace}', '200'), await listed.json());
      const other = await get('/repositories/acme-eng/service-01', bearer(DEMO_ACCESS_TOKEN));
      assert.equal(other.status, 404);
      assertValid(schemaFor('/repositories/{workspace}/{repo_slug}', '404'), await other.json());
      const otherWorkspace = await get('/workspaces/elsewhere', bearer(demoWorkspaceAccessToken().secret));
      assertValid(schemaFor('/workspaces/{workspace}', '404'), await otherWorkspace.json());
      // As Basic, an access token is no credential at all.
      assert.equal((await get('/repositories/acme-eng/widgets', basic('x-token-auth', DEMO_ACCESS_TOKEN))).status, 401);
    });

    it('JSON error bodies fit the error schema', async () => {
      const bodies: unknown[] = [
        await (await get('/user')).json(),
        await (await get('/user', basic(repoOnlyToken.email!, repoOnlyToken.secret))).json(),
        await (await get('/user/workspaces/nope/permission', TOKEN_AUTH)).json(),
      ];
      fake.setFault({ kind: 'gone' });
      bodies.push(await (await get('/user', TOKEN_AUTH)).json());
      for (const body of bodies) assertValid(schemaFor('/user', '401'), body);
    });

    it('rejects the schema-mismatch fault body (so this test can fail)', async () => {
      fake.setFault({ kind: 'ok-schema-mismatch' });
      const body = await (await get('/user', TOKEN_AUTH)).json();
      assert.deepEqual(body, { type: 'user', display_name: 42 });
      assert.equal(schemaFor('/user', '200')(body), false);
    });

    it('has_2fa_enabled null (a real-world quirk) passes account but not the strict user schema', async () => {
      fake.setFault({ kind: 'ok-2fa-null' });
      const body = (await (await get('/user', TOKEN_AUTH)).json()) as Record<string, unknown>;
      assert.equal(body['has_2fa_enabled'], null);
      assertValid(schemaFor('/user', '200'), body);
      assert.equal(component('user')(body), false);
    });
  });

  describe('authentication', () => {
    it('accepts an API token with the account email, case-insensitively', async () => {
      const res = await get('/user', basic('DEV@Example.com', DEMO_API_TOKEN));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-credential-type'), 'api_token');
      assert.equal(res.headers.get('x-oauth-scopes'), token.scopes.join(', '));
      assert.equal(res.headers.get('x-accepted-oauth-scopes'), 'read:user:bitbucket');
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body['display_name'], 'Nora Developer');
      assert.equal(body['account_id'], token.accountId);
      assert.equal(body['account_status'], 'active');
    });

    it('accepts an app password with the username', async () => {
      const res = await get('/user', APP_AUTH);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-credential-type'), 'app_password');
      assert.equal(res.headers.get('x-accepted-oauth-scopes'), 'account');
      assert.ok(res.headers.get('x-oauth-scopes')?.split(',').map((s) => s.trim()).includes('account'));
    });

    const invalid = {
      'no Authorization': undefined,
      'API token with the username': basic('nora-dev', DEMO_API_TOKEN),
      'API token with a wrong secret': basic('dev@example.com', 'wrong'),
      'app password with the email': basic('dev@example.com', appPassword.secret),
      'a Bearer token': `Bearer ${DEMO_API_TOKEN}`,
    };
    for (const [name, auth] of Object.entries(invalid)) {
      it(`answers 401 JSON to ${name}`, async () => {
        const res = await get('/user', auth);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('x-oauth-scopes'), null);
        assert.deepEqual(await res.json(), {
          type: 'error',
          error: { message: 'Token is invalid, expired, or not supported for this endpoint.' },
        });
      });
    }

    it('answers 403 with x-oauth-scopes when the read-account scope is missing', async () => {
      const res = await get('/user', basic('repo-only@example.com', 'repo-only-token'));
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('x-oauth-scopes'), 'read:repository:bitbucket, write:repository:bitbucket');
      assert.equal(((await res.json()) as { type: string }).type, 'error');

      fake.addAccount(repoOnlyAppPassword);
      const app = await get('/user', basic('repo-only', 'repo-only-pw'));
      assert.equal(app.status, 403);
      assert.equal(app.headers.get('x-oauth-scopes'), 'repository');
      assert.equal(app.headers.get('x-credential-type'), 'app_password');
    });
  });

  describe('workspace permission', () => {
    it('answers 200 by slug and by braced UUID', async () => {
      const first = (await (await get('/user/workspaces/acme-eng/permission', TOKEN_AUTH)).json()) as {
        workspace: { uuid: string };
      };
      const res = await get(`/user/workspaces/${encodeURIComponent(first.workspace.uuid)}/permission`, TOKEN_AUTH);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-accepted-oauth-scopes'), 'read:workspace:bitbucket');
    });

    it('answers 404 for an unknown workspace or one the account is not in', async () => {
      assert.equal((await get('/user/workspaces/other-team/permission', TOKEN_AUTH)).status, 404);
      fake.addAccount({ ...demoAccount(), email: 'solo@example.com', secret: 's', workspaces: { solo: 'member' } });
      assert.equal((await get('/user/workspaces/acme-eng/permission', basic('solo@example.com', 's'))).status, 404);
      const solo = await get('/user/workspaces/solo/permission', basic('solo@example.com', 's'));
      assert.equal(((await solo.json()) as { permission: string }).permission, 'member');
    });

    it('answers 403 to an API token without read:workspace, but app passwords with account may read it', async () => {
      const res = await get('/user/workspaces/acme-eng/permission', basic('user-only@example.com', 'user-only-token'));
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('x-oauth-scopes'), 'read:user:bitbucket');
      assert.equal((await get('/user/workspaces/acme-eng/permission', APP_AUTH)).status, 200);
      assert.equal((await get('/user/workspaces/acme-eng/permission')).status, 401);
    });
  });

  describe('routing and recording', () => {
    it('answers 404 to unknown paths and 405 to other methods', async () => {
      const unknown = await get('/repositories', TOKEN_AUTH);
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { type: string }).type, 'error');
      const post = await fetch(`${fake.apiBaseUrl}/user`, { method: 'POST', headers: { authorization: TOKEN_AUTH }, body: '{}' });
      assert.equal(post.status, 405);
    });

    it('records method, path, Authorization, User-Agent and Accept of every request', async () => {
      await fetch(`${fake.apiBaseUrl}/user?fields=uuid`, {
        headers: { authorization: TOKEN_AUTH, 'user-agent': 'nora-bitbucket/0.1.0', accept: 'application/json' },
      });
      await get('/nowhere');
      assert.equal(fake.requests.length, 2);
      assert.deepEqual(fake.requests[0], {
        method: 'GET',
        path: '/2.0/user?fields=uuid',
        authorization: TOKEN_AUTH,
        userAgent: 'nora-bitbucket/0.1.0',
        accept: 'application/json',
      });
      assert.equal(fake.requests[1]?.authorization, undefined);
    });
  });

  describe('faults', () => {
    it('401 with an empty body, then clears', async () => {
      fake.setFault({ kind: 'unauthorized-empty' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.status, 401);
      assert.equal(await res.text(), '');
      fake.setFault(undefined);
      assert.equal((await get('/user', TOKEN_AUTH)).status, 200);
    });

    it('403 with the given x-oauth-scopes', async () => {
      fake.setFault({ kind: 'forbidden-scopes', oauthScopes: ' read:repository:bitbucket ,read:pipeline:bitbucket' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('x-oauth-scopes'), 'read:repository:bitbucket ,read:pipeline:bitbucket');
    });

    it('429 text/plain without Retry-After', async () => {
      fake.setFault({ kind: 'rate-limited' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.status, 429);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(res.headers.get('retry-after'), null);
      assert.ok((await res.text()).length > 0);
    });

    it('410 Gone carries an announcement URL', async () => {
      fake.setFault({ kind: 'gone', announcementUrl: 'https://example.com/news' });
      const res = await get('/user', APP_AUTH);
      assert.equal(res.status, 410);
      const body = (await res.json()) as { error: { data: { announcement_url: string } } };
      assert.equal(body.error.data.announcement_url, 'https://example.com/news');
    });

    it('502 with HTML', async () => {
      fake.setFault({ kind: 'bad-gateway-html' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.status, 502);
      assert.match(await res.text(), /<html/);
    });

    it('weird display names and non-JSON 200s', async () => {
      for (const variant of ['emoji', 'rtl', 'long'] as const) {
        fake.setFault({ kind: 'ok-display-name', variant });
        const body = (await (await get('/user', TOKEN_AUTH)).json()) as { display_name: string };
        assert.equal(body.display_name, DISPLAY_NAMES[variant]);
      }
      assert.equal(DISPLAY_NAMES.long.length, 500);
      fake.setFault({ kind: 'ok-not-json' });
      await assert.rejects((await get('/user', TOKEN_AUTH)).json());
    });

    it('a 10 MB body, chunked', async () => {
      fake.setFault({ kind: 'ok-huge-body' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.headers.get('content-length'), null);
      const text = await res.text();
      assert.equal(Buffer.byteLength(text), 10 * 1024 * 1024);
      assert.equal((JSON.parse(text) as { type: string }).type, 'user');
    });

    it('closing the socket mid-body', async () => {
      fake.setFault({ kind: 'drop-mid-body' });
      const res = await get('/user', TOKEN_AUTH);
      assert.equal(res.status, 200);
      await assert.rejects(res.text());
    });

    it('a hang that close() still ends', async () => {
      fake.setFault({ kind: 'hang' });
      const pending = get('/user', TOKEN_AUTH);
      pending.catch(() => undefined);
      while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
      const started = Date.now();
      await fake.close();
      await assert.rejects(pending);
      assert.ok(Date.now() - started < 2000, 'close() took too long');
    });

    for (const status of [301, 302, 307] as const) {
      it(`redirect ${status} to another server`, async () => {
        const other = await startCountingServer();
        try {
          fake.setFault({ kind: 'redirect', status, location: other.url });
          const res = await get('/user', TOKEN_AUTH, { redirect: 'manual' });
          assert.equal(res.status, status);
          assert.equal(res.headers.get('location'), other.url);
          assert.equal(other.count(), 0);
          const followed = await get('/user', TOKEN_AUTH);
          assert.equal(followed.status, 200);
          assert.equal(other.count(), 1);
        } finally {
          await other.close();
        }
      });
    }
  });
});
