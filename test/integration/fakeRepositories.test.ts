// The fake's repository, pull request and pipeline endpoints against the vendored extract of the
// Cloud spec (scripts/extract-openapi.mjs), as fakeBitbucket.test.ts checks the account endpoints.
import assert from 'node:assert/strict';
import { DEMO_API_TOKEN, FAILED_LOG_BYTES, FAILED_LOG_LAST_LINE, HOSTILE_TITLE, startFakeBitbucket, demoAccount, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { loadOpenApiExtract } from '../support/openApiExtract';

const REPO = '/repositories/{workspace}/{repo_slug}';
const auth = `Basic ${Buffer.from(`dev@example.com:${DEMO_API_TOKEN}`).toString('base64')}`;

describe('fake Bitbucket: repositories, pull requests and pipelines fit the Cloud spec', () => {
  let fake: FakeBitbucket;
  const { spec, schemaFor, component, assertValid: valid } = loadOpenApiExtract('bitbucket-cloud.json');
  beforeEach(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()], maxPagelen: 10 });
  });
  afterEach(() => fake.close());

  const call = (p: string, init: RequestInit = {}) => fetch(`${fake.apiBaseUrl}${p}`, { redirect: 'manual', ...init, headers: { authorization: auth, ...(init.headers as Record<string, string>) } });
  const json = async (res: Response) => (await res.json()) as Record<string, unknown> & { values?: Record<string, unknown>[]; next?: string };

  it('GET /repositories/{workspace}: paginated_repositories, with next', async () => {
    const body = await json(await call('/repositories/acme-eng?pagelen=10'));
    valid(schemaFor('/repositories/{workspace}', '200'), body);
    assert.equal(body.values?.length, 10);
    assert.equal(body['size'], 31);
    assert.match(body.next ?? '', /page=2/);
  });

  it('pull requests: list, one (the hostile one), created, commented', async () => {
    const list = await json(await call('/repositories/acme-eng/widgets/pullrequests?state=OPEN'));
    valid(schemaFor(`${REPO}/pullrequests`, '200'), list);
    assert.ok(list.next);
    const one = await json(await call('/repositories/acme-eng/widgets/pullrequests/1'));
    valid(schemaFor(`${REPO}/pullrequests/{pull_request_id}`, '200'), one);
    assert.equal(one['title'], HOSTILE_TITLE);
    for (const participant of one['participants'] as unknown[]) valid(component('participant'), participant);
    const created = await call('/repositories/acme-eng/widgets/pullrequests', { method: 'POST', body: JSON.stringify({ title: 'T', source: { branch: { name: 'x' } } }) });
    assert.equal(created.status, 201);
    valid(schemaFor(`${REPO}/pullrequests`, '201', 'post'), await created.json());
    const comment = await call('/repositories/acme-eng/widgets/pullrequests/1/comments', { method: 'POST', body: JSON.stringify({ content: { raw: 'Hi' } }) });
    assert.equal(comment.status, 201);
    valid(schemaFor(`${REPO}/pullrequests/{pull_request_id}/comments`, '201', 'post'), await comment.json());
    const refused = await call('/repositories/acme-eng/widgets/pullrequests', { method: 'POST', body: '{}' });
    assert.equal(refused.status, 400);
    valid(schemaFor(`${REPO}/pullrequests`, '400', 'post'), await refused.json());
  });

  it('the pull request diffstat is a 302 to the repository diffstat (paginated_diffstats)', async () => {
    const redirect = await call('/repositories/acme-eng/widgets/pullrequests/1/diffstat');
    assert.deepEqual(Object.keys(spec.paths[`${REPO}/pullrequests/{pull_request_id}/diffstat`]['get'].responses), ['302']);
    assert.equal(redirect.status, 302);
    const location = redirect.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${fake.apiBaseUrl}/repositories/acme-eng/widgets/diffstat/`), location);
    const body = await json(await fetch(location, { headers: { authorization: auth } }));
    valid(schemaFor(`${REPO}/diffstat/{spec}`, '200'), body);
    assert.equal(body['size'], 120);
    assert.ok(body.next);
  });

  it('pipelines: list (newest first), one, steps with completed states', async () => {
    const list = await json(await call('/repositories/acme-eng/widgets/pipelines?sort=-created_on'));
    valid(schemaFor(`${REPO}/pipelines`, '200'), list);
    const [failed] = list.values ?? [];
    assert.equal(failed?.['build_number'], 42);
    valid(component('pipeline_state_completed'), failed['state']);
    valid(component('pipeline_state_completed_failed'), (failed['state'] as { result: unknown }).result);
    valid(component('pipeline_ref_target'), failed['target']);
    const uuid = encodeURIComponent(String(failed['uuid']));
    valid(schemaFor(`${REPO}/pipelines/{pipeline_uuid}`, '200'), await json(await call(`/repositories/acme-eng/widgets/pipelines/${uuid}`)));
    const steps = await json(await call(`/repositories/acme-eng/widgets/pipelines/${uuid}/steps`));
    valid(schemaFor(`${REPO}/pipelines/{pipeline_uuid}/steps`, '200'), steps);
    valid(component('pipeline_step_state_completed_failed'), (steps.values![1]['state'] as { result: unknown }).result);
  });

  it('a step log: 200 whole, 206 for a suffix Range, 416 for an empty range', async () => {
    const list = await json(await call('/repositories/acme-eng/widgets/pipelines'));
    const uuid = encodeURIComponent(String(list.values![0]['uuid']));
    const steps = await json(await call(`/repositories/acme-eng/widgets/pipelines/${uuid}/steps`));
    const log = `/repositories/acme-eng/widgets/pipelines/${uuid}/steps/${encodeURIComponent(String(steps.values![1]['uuid']))}/log`;
    assert.ok(spec.paths[`${REPO}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log`]['get'].responses['416']);
    const whole = await call(log);
    assert.equal(whole.status, 200);
    assert.equal((await whole.arrayBuffer()).byteLength, FAILED_LOG_BYTES);
    const tail = await call(log, { headers: { range: 'bytes=-100' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${FAILED_LOG_BYTES - 100}-${FAILED_LOG_BYTES - 1}/${FAILED_LOG_BYTES}`);
    assert.ok((await tail.text()).endsWith(`${FAILED_LOG_LAST_LINE}\n`));
    const empty = await call(log, { headers: { range: 'bytes=-0' } });
    assert.equal(empty.status, 416);
    valid(component('error'), await empty.json());
  });

  it('errors fit the error schema; a body that breaks the spec is caught (so these checks can fail)', async () => {
    const missing = await call('/repositories/acme-eng/nope/pullrequests/1');
    assert.equal(missing.status, 404);
    valid(schemaFor(`${REPO}/pullrequests/{pull_request_id}`, '404'), await missing.json());
    const pr = await json(await call('/repositories/acme-eng/widgets/pullrequests/2'));
    assert.equal(schemaFor(`${REPO}/pullrequests/{pull_request_id}`, '200')({ ...pr, state: 'WEIRD' }), false);
  });
});
