// The agent tools with several connections (issue 25): two Cloud accounts on the fake, each a
// member of its own workspace only, and each call checked by the Authorization the fake received.
import assert from 'node:assert/strict';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { runTool } from '../../../src/tools/toolRunner';
import { toolNames } from '../../../src/tools/toolNames';
import { dataCenterProfile } from '../../support/profiles';
import { connectedProfile, outcomeText, rendered, startToolHarness, type ToolHarness } from '../../support/toolHarness';
import { DEMO_API_TOKEN, demoAccount, demoRepositories, type FakeAccount } from '../../fakes/fakeBitbucket';

const adaToken = 'ada-personal-api-token';
const ada: FakeAccount = {
  ...demoAccount(),
  email: 'ada@example.com',
  username: 'ada-l',
  nickname: 'ada-l',
  secret: adaToken,
  displayName: 'Ada Lovelace',
  accountId: '712020:aaaaaaaa-0000-4000-8000-000000000001',
  uuid: '{aaaaaaaa-0000-4000-8000-000000000002}',
  workspaces: { 'ada-home': 'owner' },
};
const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const workAuthorization = basic('dev@example.com', DEMO_API_TOKEN);
const adaAuthorization = basic('ada@example.com', adaToken);
const workLine = 'Bitbucket account: "Nora Developer" (API token (dev@example.com) on bitbucket.org)';
const adaLine = 'Bitbucket account: "Ada Lovelace" (API token (ada@example.com) on bitbucket.org)';

/** A valid input for each tool; the repository comes from the open folder's remote. */
const inputs: Record<string, Record<string, unknown>> = {
  bitbucket_list_repositories: {},
  bitbucket_list_pull_requests: {},
  bitbucket_get_pull_request: { id: 2 },
  bitbucket_create_pull_request: { title: 'T', source_branch: 'feature/x' },
  bitbucket_comment_on_pull_request: { id: 2, content: 'Hello' },
  bitbucket_list_pipelines: {},
  bitbucket_get_pipeline_failure: {},
};

describe('agent tools with several connections: each call uses the account of the repository it is about', () => {
  let h: ToolHarness;
  let work: ConnectionProfile;
  let personal: ConnectionProfile;
  /** Every connection as stored, this window's given; each secret under its own id. */
  const connect = (list: ConnectionProfile[], active: ConnectionProfile | undefined, secrets: [ConnectionProfile, string][]) => {
    h.several = { list, active, secrets: new Map(secrets.map(([profile, secret]) => [profile.credentialId, secret])), reads: [] };
  };
  const authorizations = () => [...new Set(h.fake.requests.map((request) => request.authorization))];

  beforeEach(async () => {
    const adaHome = { ...demoRepositories()[0], workspace: 'ada-home', slug: 'notes' };
    h = await startToolHarness({ accounts: [demoAccount(), ada], repositories: [...demoRepositories(), adaHome] });
    work = connectedProfile(h.apiBaseUrl, { credentialId: 'credential-work' });
    personal = connectedProfile(h.apiBaseUrl, { credentialId: 'credential-ada', email: 'ada@example.com', username: 'ada-l', displayName: 'Ada Lovelace', workspace: 'ada-home' });
    connect([personal, work], work, [
      [work, DEMO_API_TOKEN],
      [personal, adaToken],
    ]);
  });
  afterEach(() => h.close());

  for (const tool of toolNames) {
    it(`${tool}: the folder's remote picks the account whose workspace it names, and only its secret is read and sent`, async () => {
      h.remotes = ['git@bitbucket.org:ada-home/notes.git'];
      const text = await h.fullText(tool, inputs[tool]);
      assert.equal(text.split('\n')[0], adaLine, text);
      assert.doesNotMatch(text, /\n(Bitbucket (is not|rejected|refused|found no)|Say which|The input)/, text);
      assert.deepEqual(authorizations(), [adaAuthorization]);
      assert.deepEqual(h.several?.reads, ['credential-ada']);

      h.fake.requests.length = 0;
      if (h.several) h.several.reads.length = 0;
      h.remotes = ['https://bitbucket.org/acme-eng/widgets.git'];
      assert.equal((await h.fullText(tool, inputs[tool])).split('\n')[0], workLine);
      assert.deepEqual(authorizations(), [workAuthorization]);
      assert.deepEqual(h.several?.reads, ['credential-work']);
    });
  }

  it("the workspace input picks its account, even when this window's connection is another", async () => {
    h.remotes = [];
    connect([personal, work], personal, [
      [work, DEMO_API_TOKEN],
      [personal, adaToken],
    ]);
    const text = await h.fullText('bitbucket_get_pull_request', { workspace: 'acme-eng', repository: 'widgets', id: 2 });
    assert.match(text, /^Bitbucket account: "Nora Developer" .*\nPull request #2 in acme-eng\/widgets\./);
    assert.deepEqual(authorizations(), [workAuthorization]);
  });

  it("no connection for the workspace: this window's Cloud connection", async () => {
    h.remotes = [];
    const text = await h.fullText('bitbucket_list_repositories', { workspace: 'elsewhere' });
    assert.equal(text.split('\n')[0], workLine);
    assert.deepEqual(authorizations(), [workAuthorization]);
  });

  it('the account input names a connection by its email, username or display name, in any case', async () => {
    h.remotes = ['git@bitbucket.org:acme-eng/widgets.git'];
    for (const account of ['ADA@example.com', 'Ada-L', 'ada lovelace', '  Ada Lovelace  ']) {
      h.fake.requests.length = 0;
      const text = await h.fullText('bitbucket_list_repositories', { account, workspace: 'ada-home' });
      assert.match(text, /^Bitbucket account: "Ada Lovelace" .*\nRepositories in workspace ada-home/, account);
      assert.deepEqual(authorizations(), [adaAuthorization], account);
    }
    // Asked about the work workspace as Ada: her credentials, and Bitbucket's 404 for her, said as hers.
    h.fake.requests.length = 0;
    const text = await h.fullText('bitbucket_list_pull_requests', { account: 'ada@example.com' });
    assert.match(text, /^Bitbucket account: "Ada Lovelace" .*\nBitbucket found no repository acme-eng\/widgets \(404 Not Found\)/);
    assert.deepEqual(authorizations(), [adaAuthorization]);
  });

  it('an account name no connection has, or two share, is refused with the choices; nothing is sent', async () => {
    assert.equal(
      await h.fullText('bitbucket_list_pull_requests', { account: 'grace@example.com' }),
      'No Bitbucket connection is named grace@example.com. The connections are: "Ada Lovelace" (ada@example.com); "Nora Developer" (dev@example.com).',
    );
    const twin = { ...personal, displayName: 'Nora Developer' };
    connect([twin, work], work, [
      [work, DEMO_API_TOKEN],
      [twin, adaToken],
    ]);
    assert.equal(
      await h.fullText('bitbucket_list_pull_requests', { account: 'nora developer' }),
      'Several Bitbucket connections are named nora developer: "Nora Developer" (ada@example.com); "Nora Developer" (dev@example.com). Name one by another of its names.',
    );
    assert.equal(h.fake.requests.length, 0);
    assert.deepEqual(h.several?.reads, []);
  });

  it('two connections for the same workspace: says so and asks for the account; nothing is sent', async () => {
    const second = { ...personal, workspace: 'acme-eng' };
    connect([second, work], work, [
      [work, DEMO_API_TOKEN],
      [second, adaToken],
    ]);
    const text = await h.fullText('bitbucket_list_pull_requests', {});
    assert.equal(text, 'Several Bitbucket connections are for workspace acme-eng: "Ada Lovelace" (ada@example.com); "Nora Developer" (dev@example.com). Say which with the account input.');
    assert.equal(h.fake.requests.length, 0);
    assert.match(await h.fullText('bitbucket_list_pull_requests', { account: 'dev@example.com' }), /^Bitbucket account: "Nora Developer"/);
  });

  it("a connection whose secret is missing is refused, never served with another account's secret", async () => {
    h.remotes = ['git@bitbucket.org:ada-home/notes.git'];
    connect([personal, work], work, [[work, DEMO_API_TOKEN]]);
    const text = await h.fullText('bitbucket_list_pull_requests', {});
    assert.match(text, /^Bitbucket account: "Ada Lovelace" .*\nThe secret of the Bitbucket connection of Ada Lovelace is missing: .* Nothing was sent\.$/);
    assert.equal(h.fake.requests.length, 0);
  });

  it('a connection removed after the call chose it is refused with a sentence; one removed before is not named', async () => {
    h.remotes = ['git@bitbucket.org:ada-home/notes.git'];
    // Another window removed it between the list and the secret: readStoredCredentials says disconnected.
    const removedMeanwhile = { ...h.deps, readCredentials: async () => ({ state: 'disconnected' as const }) };
    const outcome = await runTool('bitbucket_list_pull_requests', {}, removedMeanwhile);
    assert.equal(outcomeText(outcome), `${adaLine}\nThe Bitbucket connection of Ada Lovelace was removed, perhaps in another window. Nothing was sent.`);
    connect([work], work, [[work, DEMO_API_TOKEN]]);
    assert.match(await h.fullText('bitbucket_list_pull_requests', { account: 'ada@example.com' }), /^No Bitbucket connection is named ada@example.com\./);
    assert.equal(h.fake.requests.length, 0);
  });

  it("Data Center: a matching Cloud connection is used even when it is this window's; a named or only Data Center one is refused", async () => {
    const dataCenter = { ...dataCenterProfile, credentialId: 'credential-dc' };
    h.remotes = ['git@bitbucket.org:acme-eng/widgets.git'];
    connect([dataCenter, work], dataCenter, [
      [dataCenter, 'BBDC-token'],
      [work, DEMO_API_TOKEN],
    ]);
    assert.equal((await h.fullText('bitbucket_list_pull_requests', {})).split('\n')[0], workLine);
    assert.deepEqual(h.several?.reads, ['credential-work']);
    h.fake.requests.length = 0;
    const refused = /^The Bitbucket tools work with Bitbucket Cloud, and the connection is to Bitbucket Data Center\./;
    assert.match(await h.fullText('bitbucket_list_pull_requests', { account: dataCenter.username }), refused);
    connect([dataCenter], dataCenter, [[dataCenter, 'BBDC-token']]);
    assert.match(await h.fullText('bitbucket_list_pull_requests', {}), refused);
    assert.equal(h.fake.requests.length, 0);
  });

  it('the write tools ask for confirmation naming the account the call will use', async () => {
    h.remotes = ['git@bitbucket.org:ada-home/notes.git'];
    const create = await h.prepare('bitbucket_create_pull_request', { title: 'T', source_branch: 'feature/x' });
    assert.match(rendered(create.confirmation!.message), /^Create a pull request in ada-home\/notes .*\n\nBitbucket account: "Ada Lovelace" \(API token \(ada@example\.com\) on bitbucket\.org\)\n\n/);
    const comment = await h.prepare('bitbucket_comment_on_pull_request', { id: 2, content: 'Hi', account: 'dev@example.com', workspace: 'acme-eng', repository: 'widgets' });
    assert.equal(
      rendered(comment.confirmation!.message),
      'Post this comment on pull request #2 in acme-eng/widgets with the Bitbucket account "Nora Developer" (API token (dev@example.com) on bitbucket.org):\n\nHi',
    );
    assert.equal(h.fake.requests.length, 0);
    assert.deepEqual(h.several?.reads, [], 'preparing reads no secret');
  });
});
