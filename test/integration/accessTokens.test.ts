import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import { failureMessage } from '../../src/connection/connectionMessages';
import type { ConnectForm } from '../../src/connection/connectInput';
import { ConnectionService } from '../../src/connection/connectionService';
import { fillPlaceholders } from '../../src/userMessage';
import {
  DEMO_ACCESS_TOKEN,
  DEMO_API_TOKEN,
  demoAccount,
  demoProjectAccessToken,
  demoRepositoryAccessToken,
  demoWorkspaceAccessToken,
  startFakeBitbucket,
  type FakeBitbucket,
} from '../fakes/fakeBitbucket';
import { memoryStores, sequentialIds } from '../support/memoryStores';
import { bitbucketOrigins } from '../support/profiles';
import { connectedProfile, startToolHarness } from '../support/toolHarness';

/** Cloud access tokens (issue 24) through the real client and service, on the loopback fake. */
describe('Cloud access tokens: connect and test on loopback', () => {
  let fake: FakeBitbucket;
  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()], accessTokens: [demoRepositoryAccessToken(), demoProjectAccessToken(), demoWorkspaceAccessToken()] });
  });
  after(() => fake.close());
  beforeEach(() => (fake.requests.length = 0));

  function newService() {
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 2000, userAgent: 'test' });
    const service = new ConnectionService({ ...stores, createClient: () => ({ ok: true, client, origins: bitbucketOrigins }), now: () => new Date('2026-12-01T10:00:00Z'), newCredentialId: sequentialIds, changed: async () => undefined });
    return { service, stores };
  }
  const repositoryForm: ConnectForm = { credentialType: 'accessToken', accessTokenScope: 'repository', secret: DEMO_ACCESS_TOKEN, workspace: 'acme-eng', repository: 'widgets', expiresOn: '2027-06-01' };
  const sentence = (failure: Parameters<typeof failureMessage>[0]) => fillPlaceholders(failureMessage(failure).text, ...failureMessage(failure).args);

  const kinds = [
    { form: repositoryForm, identity: '/2.0/repositories/acme-eng/widgets', name: 'acme-eng/widgets' },
    { form: { credentialType: 'accessToken', accessTokenScope: 'project', secret: demoProjectAccessToken().secret, workspace: 'acme-eng' }, identity: '/2.0/repositories/acme-eng?pagelen=1', name: 'acme-eng' },
    { form: { credentialType: 'accessToken', accessTokenScope: 'workspace', secret: demoWorkspaceAccessToken().secret, workspace: 'acme-eng' }, identity: '/2.0/workspaces/acme-eng', name: 'acme-eng' },
  ] as const;
  for (const { form, identity, name } of kinds) {
    it(`a ${form.accessTokenScope} token connects and tests with Bearer, by what it is for, never /2.0/user`, async () => {
      const { service, stores } = newService();
      const connected = await service.connect(form);
      assert.ok(connected.ok, JSON.stringify(connected));
      assert.equal(stores.connections.list().length, 1);
      const [profile] = stores.connections.list();
      assert.equal(profile?.credentialType, 'accessToken');
      assert.equal(profile?.accessTokenScope, form.accessTokenScope);
      assert.equal(profile?.displayName, name);
      assert.equal(profile?.email, undefined);
      assert.deepEqual(profile?.grantedScopes, ['repository', 'repository:write', 'pullrequest', 'pullrequest:write', 'pipeline']);
      assert.deepEqual(connected.report.scopes.missing, []);
      assert.equal(stores.secrets.value?.secret, form.secret);
      assert.ok((await service.test()).ok);
      assert.deepEqual(fake.requests.map((r) => r.path), [identity, identity]);
      assert.ok(fake.requests.every((r) => r.authorization === `Bearer ${form.secret}`));
    });
  }

  /** Each fault: its own sentence, and nothing stored. */
  async function refused(form: ConnectForm): Promise<string> {
    const { service, stores } = newService();
    const outcome = await service.connect(form);
    assert.ok(!outcome.ok);
    assert.deepEqual(stores.connections.list(), []);
    assert.equal(stores.secrets.byId.size, 0);
    return outcome.failure.kind === 'invalidInput' ? JSON.stringify(Object.values(outcome.failure.fieldErrors).map((m) => fillPlaceholders(m.text, ...m.args))) : sentence(outcome.failure);
  }

  it('a repository token for another repository: 404, said as such', async () => {
    assert.match(await refused({ ...repositoryForm, repository: 'service-01' }), /^Bitbucket found no repository acme-eng\/service-01 for this access token \(404 Not Found\)\. A repository token reaches only the repository it was created in/);
  });

  it('a missing workspace or repository is asked for under its field, and nothing is sent', async () => {
    assert.match(await refused({ ...repositoryForm, workspace: ' ' }), /Enter the workspace the access token was created in/);
    assert.match(await refused({ ...repositoryForm, repository: '' }), /Enter the repository the access token was created in/);
    assert.match(await refused({ ...repositoryForm, repository: 'acme-eng/widgets' }), /Enter only the repository slug/);
    assert.equal(fake.requests.length, 0);
  });

  it('Save Workspace keeps the workspace an access token needs: empty is refused under the field, another is checked', async () => {
    const { service, stores } = newService();
    assert.ok((await service.connect(repositoryForm)).ok);
    const before = structuredClone(stores.connections.list());
    const emptied = await service.useWorkspace(' ');
    assert.ok(!emptied.ok && emptied.failure.kind === 'invalidInput');
    assert.match(fillPlaceholders(emptied.failure.fieldErrors.workspace?.text ?? '', ...(emptied.failure.fieldErrors.workspace?.args ?? [])), /^Enter the workspace the access token was created in/);
    const moved = await service.useWorkspace('acme-ops');
    assert.ok(!moved.ok && moved.failure.kind === 'bitbucket' && moved.failure.error.kind === 'notFound');
    assert.deepEqual(stores.connections.list(), before);
  });

  it('a token of another kind than chosen: names the kind it is', async () => {
    assert.match(await refused({ ...repositoryForm, accessTokenScope: 'workspace' }), /^This is a repository access token, not a workspace access token/);
  });

  it('a project token whose workspace holds none of its repositories, and a workspace token of another workspace', async () => {
    fake.repositories.push({ workspace: 'acme-eng', slug: 'no-project', description: '', mainBranch: 'main', pullRequests: [], pipelines: [] });
    const other = demoProjectAccessToken();
    fake.accessTokens.push({ ...other, secret: 'project-token-of-nothing', project: 'NONE' });
    assert.match(await refused({ credentialType: 'accessToken', accessTokenScope: 'project', secret: 'project-token-of-nothing', workspace: 'acme-eng' }), /^The access token reaches no repository in the workspace acme-eng/);
    assert.match(await refused({ credentialType: 'accessToken', accessTokenScope: 'workspace', secret: demoWorkspaceAccessToken().secret, workspace: 'other-ws' }), /^Bitbucket found no workspace other-ws for this access token/);
  });

  it('an API token pasted as an access token (Bearer where Basic is expected): 401 that names the API token', async () => {
    assert.match(await refused({ ...repositoryForm, secret: DEMO_API_TOKEN }), /^Bitbucket rejected the access token \(401 Unauthorized\).*An API token from id\.atlassian\.com signs in as "API token"/);
    assert.equal(fake.requests.at(-1)?.authorization, `Bearer ${DEMO_API_TOKEN}`);
  });

  it('an access token pasted as an API token (Basic where Bearer is expected): 401 that names the access token', async () => {
    assert.match(await refused({ credentialType: 'apiToken', email: 'dev@example.com', secret: DEMO_ACCESS_TOKEN }), /^Bitbucket rejected the email or API token \(401 Unauthorized\).*access token signs in as "Access token"/);
  });

  it('/2.0/user is refused to an access token, as Bitbucket does', async () => {
    const res = await fetch(`${fake.apiBaseUrl}/user`, { headers: { authorization: `Bearer ${DEMO_ACCESS_TOKEN}` } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-credential-type'), 'repo_access_token');
  });
});

describe('Cloud access tokens: the agent tools sign with Bearer through the same client', () => {
  it('bitbucket_list_pull_requests works with a repository access token, and other repositories stay out of reach', async () => {
    const h = await startToolHarness({ accessTokens: [demoRepositoryAccessToken()] });
    try {
      const profile = connectedProfile(h.apiBaseUrl, { credentialType: 'accessToken', accessTokenScope: 'repository', repository: 'widgets', email: undefined, username: undefined, displayName: 'acme-eng/widgets', grantedScopes: ['repository', 'pullrequest'] });
      h.stored = { state: 'connected', profile, secret: DEMO_ACCESS_TOKEN };
      assert.match(await h.text('bitbucket_list_pull_requests', {}), /^25 OPEN pull requests in acme-eng\/widgets\./);
      assert.ok(h.fake.requests.length > 0 && h.fake.requests.every((r) => r.authorization === `Bearer ${DEMO_ACCESS_TOKEN}`));
      assert.match(await h.text('bitbucket_list_pull_requests', { repository: 'service-01' }), /Bitbucket found no .*404 Not Found/);
      // The stored scopes lack pipeline: refused up front, named as the token's form names it.
      assert.match(await h.text('bitbucket_list_pipelines', {}), /^The Bitbucket access token lacks Pipelines: Read, so this tool cannot run; nothing was changed\. Create an access token with Pipelines: Read and connect it\.$/);
    } finally {
      await h.close();
    }
  });
});
