import assert from 'node:assert/strict';
import { startCountingServer, demoAccount, type CountingServer } from '../../fakes/fakeBitbucket';
import { toolNames } from '../../../src/tools/toolNames';
import { waitUntil } from '../../support/waitUntil';
import { dataCenterProfile } from '../../support/profiles';
import { connectedProfile, startToolHarness, type ToolHarness } from '../../support/toolHarness';

/** A valid input for each tool, defaults taken from the open folder's remote. */
const inputs: Record<string, Record<string, unknown>> = {
  bitbucket_list_repositories: {},
  bitbucket_list_pull_requests: {},
  bitbucket_get_pull_request: { id: 1 },
  bitbucket_create_pull_request: { title: 'T', source_branch: 'feature/x' },
  bitbucket_comment_on_pull_request: { id: 1, content: 'Hello' },
  bitbucket_list_pipelines: {},
  bitbucket_get_pipeline_failure: {},
};
const scopes: Record<string, string> = {
  bitbucket_list_repositories: 'read:repository:bitbucket',
  bitbucket_list_pull_requests: 'read:pullrequest:bitbucket',
  bitbucket_get_pull_request: 'read:pullrequest:bitbucket',
  bitbucket_create_pull_request: 'write:pullrequest:bitbucket',
  bitbucket_comment_on_pull_request: 'write:pullrequest:bitbucket',
  bitbucket_list_pipelines: 'read:pipeline:bitbucket',
  bitbucket_get_pipeline_failure: 'read:pipeline:bitbucket',
};
const writes = new Set(['bitbucket_create_pull_request', 'bitbucket_comment_on_pull_request']);

describe('agent tools: every fault is one sentence', () => {
  let h: ToolHarness;
  let elsewhere: CountingServer;
  beforeEach(async () => {
    h = await startToolHarness();
    elsewhere = await startCountingServer();
  });
  afterEach(async () => {
    await h.close();
    await elsewhere.close();
  });

  const unchanged = () => {
    const widgets = h.fake.repositories[0];
    assert.equal(widgets.pullRequests.length, 31, 'no pull request was created');
    assert.ok(widgets.pullRequests.every((pr) => pr.comments.length === 0), 'no comment was posted');
  };

  for (const tool of toolNames) {
    describe(tool, () => {
      const run = () => h.text(tool, inputs[tool]);

      it('happy path answers', async () => {
        assert.doesNotMatch(await run(), /^(Bitbucket (is not|rejected|refused|found no|rate)|Say which|The input)/);
      });

      it('not connected: says to run Connect, sends nothing', async () => {
        h.stored = { state: 'disconnected' };
        assert.equal(await run(), 'Bitbucket is not connected. Run "Nora: Connect Bitbucket", then try again.');
        assert.equal(h.fake.requests.length, 0);
      });

      it('a Data Center connection: the tools serve Bitbucket Cloud, and say so; nothing is sent', async () => {
        h.stored = { state: 'connected', profile: { ...dataCenterProfile, apiOrigin: new URL(h.apiBaseUrl).origin }, secret: 'BBDC-token' };
        assert.match(await run(), /^The Bitbucket tools work with Bitbucket Cloud, and the connection is to Bitbucket Data Center\./);
        assert.equal(h.fake.requests.length, 0);
      });

      it('untrusted folder: says so and points to Manage Workspace Trust, sends nothing', async () => {
        h.trusted = false;
        assert.match(await run(), /^This folder is not trusted.*"Manage Workspace Trust"/);
        assert.equal(h.fake.requests.length, 0);
      });

      it('another window reconnected, or the secret store fails: a sentence', async () => {
        h.stored = { state: 'changedElsewhere', profile: connectedProfile(h.apiBaseUrl) };
        assert.match(await run(), /another window/i);
        h.stored = () => Promise.reject(new Error('no keyring'));
        assert.match(await run(), /^The stored Bitbucket connection could not be read/);
        assert.equal(h.fake.requests.length, 0);
      });

      it('settings point to another API origin than the pinned one: nothing is sent there', async () => {
        h.apiBaseUrl = `${new URL(elsewhere.url).origin}/2.0`;
        assert.match(await run(), /^The setting nora\.bitbucket\.apiBaseUrl now points to http:\/\/127\.0\.0\.1:\d+, but Bitbucket was connected at /);
        assert.equal(elsewhere.count(), 0);
      });

      it('the stored scopes lack the one it needs: names it, sends nothing', async () => {
        const granted = Object.values(scopes).filter((scope) => scope !== scopes[tool]);
        h.stored = { state: 'connected', profile: connectedProfile(h.apiBaseUrl, { grantedScopes: granted }), secret: demoAccount().secret };
        assert.equal(await run(), `The Bitbucket credential lacks ${scopes[tool]}, so this tool cannot run; nothing was changed. Create a token with ${scopes[tool]} and use "Nora: Replace Bitbucket API Token".`);
        assert.equal(h.fake.requests.length, 0);
      });

      it('403 from Bitbucket: names the scope and what the credential has', async () => {
        const account = demoAccount();
        account.email = 'limited@example.com';
        account.secret = 'limited-token';
        account.scopes = ['read:user:bitbucket'];
        h.fake.addAccount(account);
        h.stored = { state: 'connected', profile: connectedProfile(h.apiBaseUrl, { email: account.email }), secret: account.secret };
        const text = await run();
        assert.match(text, new RegExp(`^Bitbucket refused access \\(403 Forbidden\\): the credential lacks ${scopes[tool]}\\. It has: read:user:bitbucket\\.${writes.has(tool) ? ' Nothing was changed\\.' : '$'}`));
        unchanged();
      });

      it('401: the existing sentence', async () => {
        h.stored = { state: 'connected', profile: connectedProfile(h.apiBaseUrl), secret: 'wrong-token' };
        assert.match(await run(), /^Bitbucket rejected the email or API token \(401 Unauthorized\)/);
        unchanged();
      });

      it('404: says what was not found', async () => {
        h.remotes = ['https://bitbucket.org/acme-eng/no-such-repo.git'];
        const text = await h.text(tool, tool === 'bitbucket_list_repositories' ? { workspace: 'not-mine' } : inputs[tool]);
        assert.match(text, /^Bitbucket found no (workspace not-mine|repository acme-eng\/no-such-repo|pull request 1 in acme-eng\/no-such-repo|pipelines of acme-eng\/no-such-repo|pipeline run in acme-eng\/no-such-repo) \(404 Not Found\), or this account cannot see it\./);
      });

      it('429: the rate-limit sentence', async () => {
        h.fake.setFault({ kind: 'rate-limited' });
        assert.match(await run(), /^Bitbucket rate limited this account/);
      });

      it('timeout: the timeout sentence, within the deadline', async () => {
        h.timeoutMs = 300;
        h.fake.setFault({ kind: 'hang' });
        const started = Date.now();
        assert.match(await run(), /^Bitbucket did not answer within 0 seconds\./);
        assert.ok(Date.now() - started < 3000);
      });

      it('cancelled while Bitbucket has not answered: the cancel sentence at once, the request given up', async () => {
        h.fake.setFault({ kind: 'hang' });
        const operation = new AbortController();
        const answer = h.text(tool, inputs[tool], operation);
        await waitUntil(() => (h.fake.requests.length > 0 ? true : undefined), 'the first request');
        const cancelled = Date.now();
        operation.abort();
        const text = await answer;
        assert.ok(Date.now() - cancelled < 1000, 'answered at once, not at the deadline');
        assert.match(text, writes.has(tool) ? /^Cancelled before Bitbucket answered\. If the request had reached Bitbucket, the change may have been made: check before trying again\.$/ : /^Cancelled before Bitbucket answered\.$/);
        await waitUntil(() => (h.fake.requests.every((request) => request.abandoned) ? true : undefined), 'every request to be given up');
      });

      it('cancelled before it starts: the cancel sentence, nothing sent', async () => {
        const operation = new AbortController();
        operation.abort();
        assert.match(await h.text(tool, inputs[tool], operation), /^Cancelled before Bitbucket answered\./);
        assert.equal(h.fake.requests.length, 0);
        unchanged();
      });

      it('a redirect to another host is not followed', async () => {
        h.fake.setFault({ kind: 'redirect', status: 302, location: elsewhere.url });
        assert.match(await run(), /redirect to http:\/\/127\.0\.0\.1:\d+\/elsewhere\. Redirects are not followed/);
        assert.equal(elsewhere.count(), 0);
      });
    });
  }

  it('bad input is a sentence naming the fields, never a throw, and sends nothing', async () => {
    assert.equal(await h.text('bitbucket_get_pull_request', { id: -1 }), 'The input of bitbucket_get_pull_request is not valid: check id.');
    assert.equal(await h.text('bitbucket_get_pull_request', null), 'The input of bitbucket_get_pull_request is not valid: check id.');
    assert.equal(await h.text('bitbucket_list_pull_requests', { state: 'ALL', repository: 'a/b' }), 'The input of bitbucket_list_pull_requests is not valid: check repository, state.');
    assert.equal(await h.text('bitbucket_create_pull_request', { title: ' ', source_branch: 'has space' }), 'The input of bitbucket_create_pull_request is not valid: check title, source_branch.');
    assert.equal(await h.text('bitbucket_list_repositories', { workspace: 'Not A Slug' }), 'The input of bitbucket_list_repositories is not valid: check workspace.');
    assert.equal(await h.text('bitbucket_delete_everything', {}), 'There is no Bitbucket tool named bitbucket_delete_everything.');
    assert.equal(h.fake.requests.length, 0);
  });
});

describe('agent tools: workspace and repository defaults', () => {
  let h: ToolHarness;
  beforeEach(async () => {
    h = await startToolHarness();
  });
  afterEach(() => h.close());
  const lastPath = () => h.fake.requests.at(-1)?.path ?? '';

  it('the repository comes from the one remote on the pinned git host; other hosts are ignored', async () => {
    h.remotes = ['https://github.com/acme-eng/widgets.git', 'https://nora-dev@bitbucket.org/acme-eng/widgets.git', 'git@bitbucket.org:acme-eng/widgets.git'];
    await h.text('bitbucket_list_pull_requests', {});
    assert.match(lastPath(), /^\/2\.0\/repositories\/acme-eng\/widgets\/pullrequests\?/);
  });

  it('several repositories among the remotes: says which, sends nothing; a workspace narrows them', async () => {
    h.remotes = ['git@bitbucket.org:acme-eng/widgets.git', 'https://bitbucket.org/other-team/gadgets', 'https://bitbucket.example.com/acme-eng/x.git'];
    assert.equal(await h.text('bitbucket_list_pipelines', {}), 'Say which repository: the open folder\'s git remotes on bitbucket.org name several: acme-eng/widgets, other-team/gadgets.');
    assert.equal(h.fake.requests.length, 0);
    await h.text('bitbucket_list_pipelines', { workspace: 'acme-eng' });
    assert.match(lastPath(), /^\/2\.0\/repositories\/acme-eng\/widgets\/pipelines\?/);
  });

  it('a given repository is looked up in the stored workspace', async () => {
    h.remotes = [];
    await h.text('bitbucket_get_pull_request', { repository: 'widgets', id: 2 });
    assert.ok(h.fake.requests.some((r) => r.path.startsWith('/2.0/repositories/acme-eng/widgets/pullrequests/2?')));
  });

  it('no stored workspace: the remote\'s, or a sentence when there is none', async () => {
    h.stored = { state: 'connected', profile: connectedProfile(h.apiBaseUrl, { workspace: undefined }), secret: demoAccount().secret };
    await h.text('bitbucket_list_repositories', {});
    assert.match(lastPath(), /^\/2\.0\/repositories\/acme-eng\?/);
    h.remotes = [];
    assert.equal(await h.text('bitbucket_list_repositories', {}), "Say which Bitbucket workspace: none is stored with the connection, and the open folder's git remotes name none.");
  });
});
