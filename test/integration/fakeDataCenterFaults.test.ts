// Each named fault of the fake Data Center server (fakeDataCenterFaults.ts), and that clearing it
// brings the normal answers back.
import assert from 'node:assert/strict';
import {
  DEFAULT_REDIRECT_LOCATION,
  DEMO_DC_PERSONAL_TOKEN,
  DEMO_DC_PROJECT_TOKEN,
  HOSTILE_AUSERNAMES,
  startCountingServer,
  startFakeDataCenter,
  type FakeDataCenter,
} from '../fakes/fakeDataCenter';
import { loadOpenApiExtract } from '../support/openApiExtract';

const PERSONAL = `Bearer ${DEMO_DC_PERSONAL_TOKEN}`;
const PROJECT = `Bearer ${DEMO_DC_PROJECT_TOKEN}`;

describe('fake Bitbucket Data Center server: faults', () => {
  let fake: FakeDataCenter;
  const { schemaFor, component } = loadOpenApiExtract('bitbucket-datacenter.json');

  beforeEach(async () => {
    fake = await startFakeDataCenter({ demo: true });
  });
  afterEach(() => fake.close());

  const get = (p: string, authorization: string | undefined = PERSONAL, init: RequestInit = {}): Promise<Response> =>
    fetch(`${fake.serverUrl}${p}`, { ...init, headers: authorization ? { authorization } : {} });
  const PROJECTS = '/rest/api/latest/projects?limit=1';
  const errorsOf = async (res: Response): Promise<unknown> => {
    const body: unknown = await res.json();
    assert.ok(component('RestErrors')(body), JSON.stringify(body));
    return body;
  };

  for (const [kind, status] of [['unauthorized', 401], ['forbidden', 403], ['server-error', 500]] as const) {
    it(`${kind}: ${status} RestErrors on every path and credential, until cleared`, async () => {
      fake.setFault({ kind });
      for (const [p, auth] of [[PROJECTS, PERSONAL], ['/rest/api/latest/application-properties', undefined], ['/rest/api/latest/users/jdoe', PROJECT]] as const) {
        const res = await get(p, auth);
        assert.equal(res.status, status, p);
        await errorsOf(res);
      }
      fake.setFault(undefined);
      assert.equal((await get(PROJECTS)).status, 200);
    });
  }

  it('unauthorized carries the Basic challenge', async () => {
    fake.setFault({ kind: 'unauthorized' });
    assert.equal((await get(PROJECTS)).headers.get('www-authenticate'), 'Basic realm="Bitbucket"');
  });

  it('rate-limited: 429 with Retry-After', async () => {
    fake.setFault({ kind: 'rate-limited' });
    const res = await get(PROJECTS);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '5');
    await errorsOf(res);
    fake.setFault({ kind: 'rate-limited', retryAfter: '120' });
    assert.equal((await get(PROJECTS)).headers.get('retry-after'), '120');
  });

  it('timeout: never answers', async () => {
    fake.setFault({ kind: 'timeout' });
    const started = Date.now();
    await assert.rejects(get(PROJECTS, PERSONAL, { signal: AbortSignal.timeout(300) }), /abort|timeout/i);
    assert.ok(Date.now() - started < 2000);
    assert.equal(fake.requests.length, 1);
  });

  it('login-page: 200 HTML on every path, REST and git', async () => {
    fake.setFault({ kind: 'login-page' });
    for (const p of [PROJECTS, '/rest/api/latest/application-properties', '/scm/proj/widgets.git/info/refs?service=git-upload-pack']) {
      const res = await get(p);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<form[^>]*action="\/login"/);
      assert.equal(res.headers.get('x-ausername'), null);
    }
  });

  it('jira: application-properties and projects answer 404 with Jira\'s errorMessages', async () => {
    fake.setFault({ kind: 'jira' });
    for (const p of ['/rest/api/latest/application-properties', PROJECTS]) {
      const res = await get(p);
      assert.equal(res.status, 404, p);
      const body = (await res.json()) as { errorMessages: string[]; errors: unknown };
      assert.ok(Array.isArray(body.errorMessages) && body.errorMessages.length === 1);
      assert.equal(component('RestErrors')(body), false, 'Jira errors are not Bitbucket RestErrors');
      assert.equal(res.headers.get('x-ausername'), 'anonymous');
    }
  });

  it('redirect: 302 to another host by default, or to the given location', async () => {
    fake.setFault({ kind: 'redirect' });
    const res = await get(PROJECTS, PERSONAL, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), DEFAULT_REDIRECT_LOCATION);
    assert.notEqual(new URL(DEFAULT_REDIRECT_LOCATION).host, new URL(fake.serverUrl).host);
    const other = await startCountingServer();
    try {
      fake.setFault({ kind: 'redirect', location: other.url });
      assert.equal((await get(PROJECTS, PERSONAL, { redirect: 'manual' })).headers.get('location'), other.url);
      assert.equal(other.count(), 0);
    } finally {
      await other.close();
    }
  });

  it('ok-not-json: 200 application/json that does not parse', async () => {
    fake.setFault({ kind: 'ok-not-json' });
    const res = await get(PROJECTS);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('x-ausername'), 'jdoe');
    await assert.rejects(res.json());
  });

  it('schema-mismatch: 200 JSON with X-AUSERNAME that the spec rejects (the user has no displayName)', async () => {
    fake.setFault({ kind: 'schema-mismatch' });
    const projects = await get(PROJECTS, PROJECT);
    assert.equal(projects.headers.get('x-ausername'), 'project-proj-bot');
    assert.equal(schemaFor('/api/latest/projects', '200')(await projects.json()), false);
    const user = (await (await get('/rest/api/latest/users/jdoe')).json()) as Record<string, unknown>;
    assert.equal(user['displayName'], undefined);
    assert.equal(schemaFor('/api/latest/users/{userSlug}', '200')(user), false);
    const properties = await (await get('/rest/api/latest/application-properties', undefined)).json();
    assert.equal(schemaFor('/api/latest/application-properties', '200')(properties), false);
  });

  it('no-ausername: the normal 200s without X-AUSERNAME', async () => {
    fake.setFault({ kind: 'no-ausername' });
    const res = await get(PROJECTS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ausername'), null);
    assert.equal(((await res.json()) as { values: unknown[] }).values.length, 1);
    const refs = await get('/scm/proj/widgets.git/info/refs?service=git-upload-pack');
    assert.equal(refs.status, 200);
    assert.equal(refs.headers.get('x-ausername'), null);
    await refs.arrayBuffer();
  });

  it('ausername-hostile: a path escape by default, or control characters', async () => {
    fake.setFault({ kind: 'ausername-hostile' });
    const res = await get(PROJECTS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ausername'), '../admin');
    fake.setFault({ kind: 'ausername-hostile', value: HOSTILE_AUSERNAMES[1] });
    assert.equal((await get(PROJECTS)).headers.get('x-ausername'), 'jdoe\tadmin');
    fake.setFault({ kind: 'ausername-hostile', value: HOSTILE_AUSERNAMES[2] });
    assert.match((await get(PROJECTS)).headers.get('x-ausername') ?? '', /^jdoe\u00c2?\u009b31m$/);
    fake.setFault(undefined);
    assert.equal((await get(PROJECTS)).headers.get('x-ausername'), 'jdoe');
  });
});
