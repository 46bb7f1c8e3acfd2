// The fake Bitbucket Data Center server against the vendored extract of the Data Center spec
// (scripts/extract-openapi.mjs --datacenter), and its credential rules (issue 24).
// Its git side is checked in fakeDataCenterGit.test.ts, its faults in fakeDataCenterFaults.test.ts.
import assert from 'node:assert/strict';
import {
  AUTH_FAILED_MESSAGE,
  DEMO_DC_PERSONAL_TOKEN,
  DEMO_DC_PROJECT_TOKEN,
  DEMO_DC_REPOSITORY_TOKEN,
  startFakeDataCenter,
  type FakeDataCenter,
} from '../fakes/fakeDataCenter';
import { loadOpenApiExtract } from '../support/openApiExtract';

const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const bearer = (secret: string): string => `Bearer ${secret}`;

const PERSONAL = bearer(DEMO_DC_PERSONAL_TOKEN);
const PROJECT = bearer(DEMO_DC_PROJECT_TOKEN);
const REPOSITORY = bearer(DEMO_DC_REPOSITORY_TOKEN);

describe('fake Bitbucket Data Center server', () => {
  let fake: FakeDataCenter;

  beforeEach(async () => {
    fake = await startFakeDataCenter({ demo: true });
    fake.projects.push({ key: 'OTHER', name: 'Other project', id: 2 });
    await fake.addRepository('OTHER', 'elsewhere');
    await fake.addRepository('PROJ', 'gadgets');
  });
  afterEach(() => fake.close());

  const get = (p: string, authorization?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${fake.serverUrl}/rest/api/latest${p}`, { ...init, headers: authorization ? { authorization } : {} });
  const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

  describe('spec conformance (the Data Center OpenAPI spec)', () => {
    const { schemaFor, component, assertValid } = loadOpenApiExtract('bitbucket-datacenter.json');
    const USER = '/api/latest/users/{userSlug}';
    const PROJECT_PATH = '/api/latest/projects/{projectKey}';
    const REPO = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';

    it('application properties, anonymously and with a token', async () => {
      for (const auth of [undefined, PERSONAL]) {
        const res = await get('/application-properties', auth);
        assert.equal(res.status, 200);
        const body = await json(res);
        assertValid(schemaFor('/api/latest/application-properties', '200'), body);
        assert.equal(body['version'], '9.4.2');
        assert.equal(body['displayName'], 'Bitbucket');
      }
    });

    it('pages of projects for each kind of token, paged by start and limit', async () => {
      const page = schemaFor('/api/latest/projects', '200');
      const keys = async (auth: string, query = ''): Promise<unknown[]> => {
        const body = await json(await get(`/projects${query}`, auth));
        assertValid(page, body);
        return (body['values'] as { key: string }[]).map((project) => project.key);
      };
      assert.deepEqual(await keys(PERSONAL), ['PROJ', 'OTHER']);
      assert.deepEqual(await keys(PROJECT, '?limit=1'), ['PROJ']);
      assert.deepEqual(await keys(REPOSITORY, '?limit=1'), ['PROJ']);
      const first = await json(await get('/projects?limit=1', PERSONAL));
      assert.deepEqual([first['isLastPage'], first['nextPageStart'], first['size']], [false, 1, 1]);
      const second = await json(await get('/projects?limit=1&start=1', PERSONAL));
      assert.deepEqual([second['isLastPage'], second['nextPageStart']], [true, undefined]);
      assert.equal((second['values'] as { key: string }[])[0]?.key, 'OTHER');
    });

    it('users: the person and the service users of project and repository tokens; 404 for no one', async () => {
      const jane = await json(await get('/users/jdoe', PROJECT));
      assertValid(schemaFor(USER, '200'), jane);
      assert.deepEqual([jane['displayName'], jane['emailAddress'], jane['slug'], jane['type']], ['Jane Doe', 'jane@example.com', 'jdoe', 'NORMAL']);
      for (const slug of ['project-proj-bot', 'repository-proj-widgets-bot']) {
        const bot = await json(await get(`/users/${slug}`, PERSONAL));
        assertValid(schemaFor(USER, '200'), bot);
        assert.equal(bot['type'], 'SERVICE');
      }
      const missing = await get('/users/nobody', PERSONAL);
      assert.equal(missing.status, 404);
      assertValid(schemaFor(USER, '404'), await json(missing));
    });

    it('a project and a repository, 404 with RestErrors where the token does not reach', async () => {
      const project = await json(await get('/projects/proj', PROJECT));
      assertValid(schemaFor(PROJECT_PATH, '200'), project);
      assert.equal(project['key'], 'PROJ');
      const repository = await json(await get('/projects/PROJ/repos/widgets', REPOSITORY));
      assertValid(schemaFor(REPO, '200'), repository);
      assert.equal((repository['project'] as { key: string }).key, 'PROJ');
      assert.match(JSON.stringify(repository['links']), /\/scm\/proj\/widgets\.git/);
      for (const [p, auth, status, spec] of [
        ['/projects/OTHER', PROJECT, 404, PROJECT_PATH],
        ['/projects/NOPE', PERSONAL, 404, PROJECT_PATH],
        ['/projects/PROJ/repos/gadgets', REPOSITORY, 404, REPO],
        ['/projects/OTHER/repos/elsewhere', PROJECT, 404, REPO],
        ['/projects/PROJ/repos/widgets', undefined, 401, REPO],
      ] as const) {
        const res = await get(p, auth);
        assert.equal(res.status, status, p);
        const body = await json(res);
        assertValid(schemaFor(spec, String(status)), body);
        assertValid(component('RestErrors'), body);
      }
      assert.equal((await get('/projects/PROJ/repos/gadgets', PROJECT)).status, 200);
    });

    it('catches bodies that break the spec (so these checks can fail)', async () => {
      const jane = await json(await get('/users/jdoe', PERSONAL));
      assert.equal(schemaFor(USER, '200')({ ...jane, displayName: 42 }), false);
      const properties = await json(await get('/application-properties'));
      assert.equal(schemaFor('/api/latest/application-properties', '200')({ ...properties, version: 9 }), false);
      assert.equal(component('RestErrors')({ errors: { message: 'not a list' } }), false);
    });
  });

  describe('credentials', () => {
    it('every kind of token as Bearer; X-AUSERNAME names the user it acts as', async () => {
      for (const [auth, slug] of [[PERSONAL, 'jdoe'], [PROJECT, 'project-proj-bot'], [REPOSITORY, 'repository-proj-widgets-bot']] as const) {
        const res = await get('/projects?limit=1', auth);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-ausername'), slug);
      }
    });

    it('a personal token as the Basic password, with the user name or slug in any case', async () => {
      for (const user of ['jdoe', 'JDoe']) {
        const res = await get('/projects?limit=1', basic(user, DEMO_DC_PERSONAL_TOKEN));
        assert.equal(res.status, 200, user);
        assert.equal(res.headers.get('x-ausername'), 'jdoe');
      }
      // A user whose name is not their slug (Data Center derives the slug from the name).
      fake.users.push({ slug: 'john_smith', name: 'john@smith', displayName: 'John Smith', type: 'NORMAL' });
      fake.tokens.push({ secret: 'BBDC-john', kind: 'personal', userSlug: 'john_smith', permissions: ['REPO_READ'] });
      for (const user of ['john@smith', 'John_Smith']) {
        const res = await get('/projects?limit=1', basic(user, 'BBDC-john'));
        assert.equal(res.status, 200, user);
        assert.equal(res.headers.get('x-ausername'), 'john_smith');
      }
    });

    const refused = {
      'no credentials': undefined,
      'a project token as Basic': basic('project-proj-bot', DEMO_DC_PROJECT_TOKEN),
      'a repository token as Basic': basic('repository-proj-widgets-bot', DEMO_DC_REPOSITORY_TOKEN),
      'a personal token with another user': basic('project-proj-bot', DEMO_DC_PERSONAL_TOKEN),
      'an unknown Bearer token': bearer('BBDC-not-a-token'),
    };
    for (const [name, auth] of Object.entries(refused)) {
      it(`refuses ${name} with 401 RestErrors and no X-AUSERNAME`, async () => {
        const res = await get('/projects?limit=1', auth);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('x-ausername'), null);
        const body = (await res.json()) as { errors: { message: string }[] };
        assert.equal(body.errors[0]?.message, AUTH_FAILED_MESSAGE);
      });
    }

    it('application properties answer anonymously, but wrong credentials are refused there too', async () => {
      const anonymous = await get('/application-properties');
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.headers.get('x-ausername'), null);
      assert.equal((await get('/application-properties', bearer('BBDC-not-a-token'))).status, 401);
    });
  });

  describe('routing and recording', () => {
    it('the 1.0 alias, 404 for unknown paths, 405 for other methods', async () => {
      assert.equal((await fetch(`${fake.serverUrl}/rest/api/1.0/projects`, { headers: { authorization: PERSONAL } })).status, 200);
      const unknown = await get('/repos', PERSONAL);
      assert.equal(unknown.status, 404);
      assert.ok(Array.isArray(((await unknown.json()) as { errors: unknown }).errors));
      assert.equal((await fetch(`${fake.serverUrl}/projects/PROJ`)).status, 404);
      const post = await fetch(`${fake.serverUrl}/rest/api/latest/projects`, { method: 'POST', headers: { authorization: PERSONAL }, body: '{}' });
      assert.equal(post.status, 405);
    });

    it('records every request and every credential sent', async () => {
      fake.requests.length = 0;
      await fetch(`${fake.serverUrl}/rest/api/latest/projects?limit=1`, { headers: { authorization: PROJECT, 'user-agent': 'nora-test/1' } });
      await get('/users/jdoe', basic('jdoe', DEMO_DC_PERSONAL_TOKEN));
      await get('/application-properties');
      assert.deepEqual(fake.requests[0], { method: 'GET', path: '/rest/api/latest/projects?limit=1', authorization: PROJECT, userAgent: 'nora-test/1', accept: '*/*' });
      assert.equal(fake.requests.length, 3);
      assert.deepEqual(fake.seenAuthorizations, [PROJECT, `Basic jdoe:${DEMO_DC_PERSONAL_TOKEN}`]);
    });
  });
});
