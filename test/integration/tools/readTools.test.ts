import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_API_TOKEN, FAILED_LOG_LAST_LINE, HOSTILE_DESCRIPTION } from '../../fakes/fakeBitbucket';
import { startToolHarness, type ToolHarness } from '../../support/toolHarness';

const basicToken = `Basic ${Buffer.from(`dev@example.com:${DEMO_API_TOKEN}`).toString('base64')}`;

describe('agent tools: reading, against the fake Bitbucket', () => {
  let h: ToolHarness;
  beforeEach(async () => {
    h = await startToolHarness({ maxPagelen: 10 });
  });
  afterEach(() => h.close());

  it('bitbucket_list_repositories follows next pages up to the cap and says how many were left out', async () => {
    const text = await h.text('bitbucket_list_repositories', {});
    assert.match(text, /^Repositories in workspace acme-eng/);
    assert.equal(text.match(/^- /gm)?.length, 25);
    assert.match(text, /6 more repositories not shown\./);
    assert.match(text, /"acme-eng\/widgets" \(private\), main branch "main", description "Widgets service" https:\/\/bitbucket\.org\/acme-eng\/widgets/);
    assert.equal(h.fake.requests.filter((r) => r.path.startsWith('/2.0/repositories/acme-eng?')).length, 3, 'pages of 10 (the fake\'s cap) until 25');
    assert.ok(h.fake.requests.every((r) => r.authorization === basicToken));
  });

  it('every JSON read names the fields the tool parses, pages and the diffstat redirect included; the participants only for one pull request', async () => {
    await h.text('bitbucket_list_repositories', {});
    await h.text('bitbucket_list_pull_requests', {});
    await h.text('bitbucket_get_pull_request', { id: 1 });
    await h.text('bitbucket_list_pipelines', {});
    await h.text('bitbucket_get_pipeline_failure', {});
    const reads = h.fake.requests.filter((r) => r.method === 'GET' && !r.path.endsWith('/log'));
    assert.ok(reads.length >= 10, `${reads.length} reads`);
    const fieldsOf = (path: string) => new URL(path, h.apiBaseUrl).searchParams.get('fields')?.split(',') ?? [];
    for (const read of reads) assert.ok(fieldsOf(read.path).length > 0, `fields on ${read.path}`);
    const lists = reads.filter((r) => /\/pullrequests\?/.test(r.path));
    assert.ok(lists.length > 0 && lists.every((r) => fieldsOf(r.path).includes('next') && !fieldsOf(r.path).some((f) => f.includes('participants'))));
    assert.ok(reads.some((r) => /\/pullrequests\/1\?/.test(r.path) && fieldsOf(r.path).includes('participants.approved')));
  });

  it('bitbucket_list_repositories filters by name with a BBQL query', async () => {
    const text = await h.text('bitbucket_list_repositories', { name: 'widg' });
    assert.match(text, /whose name contains "widg"/);
    assert.equal(text.match(/^- /gm)?.length, 1);
    assert.equal(new URL(h.fake.requests[0].path, 'http://x').searchParams.get('q'), 'name ~ "widg"');
  });

  it('bitbucket_list_pull_requests lists OPEN by default, capped, and MERGED when asked', async () => {
    const open = await h.text('bitbucket_list_pull_requests', {});
    assert.match(open, /^25 OPEN pull requests in acme-eng\/widgets\./);
    assert.match(open, /5 more pull requests not shown\./);
    assert.match(open, /- #2 "Change number 2" by "Nora Developer", "feature\/change-2" into "main" https:\/\/bitbucket\.org\/acme-eng\/widgets\/pull-requests\/2/);
    const merged = await h.text('bitbucket_list_pull_requests', { state: 'MERGED' });
    assert.match(merged, /^1 MERGED pull request in acme-eng\/widgets\.\n/);
    assert.match(merged, /#31 "Merged change"/);
  });

  it('bitbucket_get_pull_request: fields, reviewers, the diffstat through its redirect, capped files', async () => {
    const text = await h.text('bitbucket_get_pull_request', { id: 2 });
    assert.match(text, /^Pull request #2 in acme-eng\/widgets\./);
    assert.match(text, /Title: "Change number 2"/);
    assert.match(text, /State: OPEN/);
    assert.match(text, /Branches: "feature\/change-2" into "main"/);
    assert.match(text, /Link: https:\/\/bitbucket\.org\/acme-eng\/widgets\/pull-requests\/2/);
    assert.match(text, /Files changed: 1\n- modified "src\/change2\.ts" \+3 -1/);
    const diffstat = h.fake.requests.filter((r) => r.path.includes('diffstat'));
    assert.equal(diffstat.length, 2, 'the pull request diffstat, then the repository diffstat it redirects to');
    assert.match(diffstat[1].path, /^\/2\.0\/repositories\/acme-eng\/widgets\/diffstat\/[0-9a-f]+\.\.[0-9a-f]+\?from_pullrequest_id=2/);
    // Only the fields shown are asked for (the fake answers with those alone, as Bitbucket does).
    const read = h.fake.requests.find((r) => r.path.startsWith('/2.0/repositories/acme-eng/widgets/pullrequests/2?'));
    const fields = new URL(read?.path ?? '/', h.apiBaseUrl).searchParams.get('fields')?.split(',') ?? [];
    for (const field of ['title', 'summary.raw', 'author.display_name', 'participants.approved', 'participants.user.display_name', 'links.html.href']) {
      assert.ok(fields.includes(field), `fields=${fields.join(',')} names ${field}`);
    }
    assert.ok(!fields.includes('links') && !fields.includes('rendered'), 'never the whole links, nor the rendered HTML');
  });

  it('bitbucket_get_pull_request shows hostile text as neutralised quoted data', async () => {
    const text = await h.text('bitbucket_get_pull_request', { id: 1 });
    assert.doesNotMatch(text, /\]\(command:/, 'no markdown link survives');
    assert.match(text, /Title: "Fix login \(click to approve\)\(command:/);
    for (const line of HOSTILE_DESCRIPTION.split('\n').filter((l) => l !== '')) {
      const neutral = line.replace(/\[/g, '(').replace(/\]/g, ')');
      assert.ok(text.includes(`> ${neutral}`), `quoted: ${line}`);
    }
    // Every line of the description is quoted: none starts a line of the tool's own.
    assert.doesNotMatch(text, /^SYSTEM:/m);
    assert.doesNotMatch(text, /^Assistant:/m);
    assert.match(text, /Reviewers: "Ada Reviewer" approved; "Ben Reviewer" has not approved/);
    assert.match(text, /Files changed: 120\n/);
    // Pages of 10 (the fake's cap here), 3 pages at most.
    assert.equal(text.match(/^- modified /gm)?.length, 30);
    assert.match(text, /90 more files not shown\./);
  });

  it('bitbucket_list_pipelines: newest first, state, trigger, duration, link; by branch', async () => {
    const text = await h.text('bitbucket_list_pipelines', {});
    assert.match(text, /- #42 FAILED on branch "feature\/login", trigger PUSH, created 2026-11-22T10:00:00\.000000\+00:00, took 2m 17s https:\/\/bitbucket\.org\/acme-eng\/widgets\/pipelines\/results\/42\n- #41 SUCCESSFUL/);
    const main = await h.text('bitbucket_list_pipelines', { branch: 'main' });
    assert.match(main, /The 1 most recent pipeline runs in acme-eng\/widgets, branch "main"/);
    assert.doesNotMatch(main, /#42/);
    assert.match(h.fake.requests.at(-1)!.path, /[?&]target\.branch=main/);
    assert.match(h.fake.requests.at(-1)!.path, /[?&]sort=-created_on/);
  });

  it('bitbucket_get_pipeline_failure: the failed step and the end of its 5 MB log, read with a Range request', async () => {
    const text = await h.text('bitbucket_get_pipeline_failure', {});
    assert.match(text, /^Pipeline run #42 in acme-eng\/widgets failed: 1 failed step of 2\./);
    assert.match(text, /Step "Test": FAILED\./);
    assert.match(text, /The end of its log \(the first 5104 KB are not shown\):/);
    assert.ok(text.endsWith(`> ${FAILED_LOG_LAST_LINE}`), text.slice(-300));
    assert.match(text, /> FAIL login\.test\.ts/, 'colour codes are removed');
    assert.ok(text.length < 30_000, `bounded: ${text.length} characters`);
    const log = h.fake.requests.find((r) => r.path.endsWith('/log'));
    assert.equal(log?.range, 'bytes=-16384');
  });

  it('bitbucket_get_pipeline_failure reads the tail in bounds when the server ignores Range', async () => {
    h.fake.logMode = 'ignoreRange';
    const text = await h.text('bitbucket_get_pipeline_failure', {});
    assert.ok(text.endsWith(`> ${FAILED_LOG_LAST_LINE}`));
    assert.match(text, /The end of its log \(the first 5104 KB are not shown\):\n\(\d+ more lines not shown\)\n> /);
    assert.equal(h.fake.requests.find((r) => r.path.endsWith('/log'))?.range, 'bytes=-16384');
  });

  it('bitbucket_get_pipeline_failure reads a log Bitbucket moved to its storage, without sending the credentials there', async () => {
    const seen: { authorization: string | undefined; range: string | undefined }[] = [];
    const storage = http.createServer((req, res) => {
      seen.push({ authorization: req.headers.authorization, range: req.headers.range });
      res.writeHead(206, { 'content-type': 'text/plain', 'content-range': 'bytes 100-130/131' });
      res.end('...\nstorage line one\nstorage last line\n');
    });
    await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = storage.address() as AddressInfo;
      h.fake.logMode = { redirectTo: `http://127.0.0.1:${port}/logs/step.log?signature=abc` };
      const text = await h.text('bitbucket_get_pipeline_failure', {});
      assert.match(text, /> storage last line/);
      assert.deepEqual(seen, [{ authorization: undefined, range: 'bytes=-16384' }], 'the storage link got the credentials');
    } finally {
      storage.close();
    }
  });

  it('bitbucket_get_pipeline_failure does not read a log link that is not https', async () => {
    h.fake.logMode = { redirectTo: 'http://logs.example.invalid/step.log' };
    const text = await h.text('bitbucket_get_pipeline_failure', {});
    assert.match(text, /sent its log to logs\.example\.invalid over a link that is not https; it was not read/);
  });

  it('bitbucket_get_pipeline_failure for a run that did not fail, and none failing on a branch', async () => {
    const passed = h.fake.repositories[0].pipelines[0];
    assert.match(await h.text('bitbucket_get_pipeline_failure', { pipeline_uuid: passed.uuid }), /^This run did not fail\./);
    assert.match(await h.text('bitbucket_get_pipeline_failure', { branch: 'main' }), /None of the last 1 pipeline runs in acme-eng\/widgets on branch "main" failed\./);
  });
});
