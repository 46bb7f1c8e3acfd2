import assert from 'node:assert/strict';
import { DEMO_API_TOKEN } from '../../fakes/fakeBitbucket';
import { rendered, startToolHarness, type ToolHarness } from '../../support/toolHarness';

const basicToken = `Basic ${Buffer.from(`dev@example.com:${DEMO_API_TOKEN}`).toString('base64')}`;

describe('agent tools: writing, against the fake Bitbucket', () => {
  let h: ToolHarness;
  beforeEach(async () => {
    h = await startToolHarness();
  });
  afterEach(() => h.close());

  const newPullRequest = { title: 'Add login tests', source_branch: 'feature/tests', description: 'Covers the redirect.\nSecond line.', draft: true, close_source_branch: true };

  it('bitbucket_create_pull_request POSTs the body Bitbucket expects, with the credentials, and links the result', async () => {
    const text = await h.text('bitbucket_create_pull_request', newPullRequest);
    assert.match(text, /^Created pull request #32 in acme-eng\/widgets: "Add login tests", "feature\/tests" into "main"\.\nLink: https:\/\/bitbucket\.org\/acme-eng\/widgets\/pull-requests\/32$/);
    const post = h.fake.requests.find((r) => r.method === 'POST');
    assert.equal(post?.path, '/2.0/repositories/acme-eng/widgets/pullrequests');
    assert.equal(post.authorization, basicToken);
    assert.match(post.contentType ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(post.body ?? ''), {
      title: 'Add login tests',
      source: { branch: { name: 'feature/tests' } },
      description: 'Covers the redirect.\nSecond line.',
      close_source_branch: true,
      draft: true,
    });
  });

  it('bitbucket_create_pull_request sends the destination only when given', async () => {
    await h.text('bitbucket_create_pull_request', { title: 'T', source_branch: 'a', destination_branch: 'release/1.0' });
    assert.deepEqual(JSON.parse(h.fake.requests.at(-1)!.body ?? ''), { title: 'T', source: { branch: { name: 'a' } }, destination: { branch: { name: 'release/1.0' } } });
  });

  it('prepareInvocation names the repository, branches, title and description, and the draft and close flags', async () => {
    const prepared = await h.prepare('bitbucket_create_pull_request', newPullRequest);
    assert.equal(rendered(prepared.invocationMessage), 'Creating a pull request in acme-eng/widgets');
    assert.equal(rendered(prepared.confirmation!.title), 'Create a Bitbucket pull request?');
    assert.equal(
      rendered(prepared.confirmation!.message),
      'Create a pull request in acme-eng/widgets from branch feature/tests into the repository\'s main branch, titled "Add login tests".\n\nBitbucket account: "Nora Developer" (API token (dev@example.com) on bitbucket.org)\n\nIt will be a draft.\n\nThe source branch will be closed when it is merged.\n\nDescription:\nCovers the redirect.\nSecond line.',
    );
    assert.equal(h.fake.requests.length, 0, 'preparing sends nothing');
  });

  it('bitbucket_comment_on_pull_request POSTs content.raw and its confirmation quotes the whole comment', async () => {
    const comment = 'Looks good.\nOne nit: rename `x`.';
    const prepared = await h.prepare('bitbucket_comment_on_pull_request', { id: 2, content: comment });
    assert.equal(rendered(prepared.confirmation!.message), `Post this comment on pull request #2 in acme-eng/widgets with the Bitbucket account "Nora Developer" (API token (dev@example.com) on bitbucket.org):\n\n${comment}`);
    const text = await h.text('bitbucket_comment_on_pull_request', { id: 2, content: comment });
    assert.match(text, /^Commented on pull request #2 in acme-eng\/widgets \(comment 1001\)\.\nLink: https:\/\/bitbucket\.org\/acme-eng\/widgets\/pull-requests\/2#comment-1001$/);
    const post = h.fake.requests.find((r) => r.method === 'POST');
    assert.equal(post?.path, '/2.0/repositories/acme-eng/widgets/pullrequests/2/comments');
    assert.equal(post.authorization, basicToken);
    assert.deepEqual(JSON.parse(post.body ?? ''), { content: { raw: comment } });
  });

  it('read tools need no confirmation', async () => {
    const prepared = await h.prepare('bitbucket_get_pull_request', { id: 1 });
    assert.equal(prepared.confirmation, undefined);
    assert.equal(rendered(prepared.invocationMessage), 'Reading a Bitbucket pull request');
  });

  it('nothing to confirm when the input or the repository is unclear: invoke then says why and sends nothing', async () => {
    h.remotes = [];
    assert.equal((await h.prepare('bitbucket_create_pull_request', { title: 'T', source_branch: 'a' })).confirmation, undefined);
    assert.match(await h.text('bitbucket_create_pull_request', { title: 'T', source_branch: 'a' }), /^Say which repository: the open folder has no git remote on bitbucket\.org\.$/);
    assert.equal((await h.prepare('bitbucket_comment_on_pull_request', { id: 'two', content: 'x' })).confirmation, undefined);
    assert.equal(h.fake.requests.length, 0);
  });
});
