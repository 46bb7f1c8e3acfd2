import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import { failureMessage } from '../../src/connection/connectionMessages';
import type { ConnectForm } from '../../src/connection/connectInput';
import { ConnectionService } from '../../src/connection/connectionService';
import { fillPlaceholders } from '../../src/userMessage';
import {
  DEMO_ACCESS_TOKEN,
  demoProjectAccessToken,
  demoRepositoryAccessToken,
  demoWorkspaceAccessToken,
  startCountingServer,
  startFakeBitbucket,
  type FakeAccessToken,
  type FakeBitbucket,
  type FakeFault,
} from '../fakes/fakeBitbucket';
import { faultCases } from '../support/faultCases';
import { memoryStores, sequentialIds } from '../support/memoryStores';
import { bitbucketOrigins } from '../support/profiles';

/**
 * The fault matrix on a repository access token (issue 24): every fault on its identity request
 * (GET /2.0/repositories/{workspace}/{repo}), through Connect and Test, each with its own sentence,
 * nothing thrown past the service, and the stored connection as it was.
 */
const kinds = [
  {
    form: { credentialType: 'accessToken', accessTokenScope: 'repository', secret: DEMO_ACCESS_TOKEN, workspace: 'acme-eng', repository: 'widgets' },
    token: demoRepositoryAccessToken(),
    notFound: /^Bitbucket found no repository acme-eng\/widgets for this access token \(404 Not Found\)/,
  },
  {
    form: { credentialType: 'accessToken', accessTokenScope: 'project', secret: demoProjectAccessToken().secret, workspace: 'acme-eng' },
    token: demoProjectAccessToken(),
    notFound: /^Bitbucket found no workspace acme-eng for this access token \(404 Not Found\)/,
  },
  {
    form: { credentialType: 'accessToken', accessTokenScope: 'workspace', secret: demoWorkspaceAccessToken().secret, workspace: 'acme-eng' },
    token: demoWorkspaceAccessToken(),
    notFound: /^Bitbucket found no workspace acme-eng for this access token \(404 Not Found\)/,
  },
] satisfies { form: ConnectForm; token: FakeAccessToken; notFound: RegExp }[];

/**
 * The fault matrix on each kind of access token (issue 24): every fault on its identity request,
 * through Connect and Test, each with its own sentence, nothing thrown past the service, and the
 * stored connection as it was.
 */
for (const { form, token, notFound } of kinds) {
  describe(`fault matrix: a ${form.accessTokenScope} access token`, function () {
    this.timeout(30_000);
    let fake: FakeBitbucket;
    let elsewhere: Awaited<ReturnType<typeof startCountingServer>>;

    before(async () => {
      fake = await startFakeBitbucket({ accessTokens: [token, { ...token, secret: 'another-token' }] });
      elsewhere = await startCountingServer();
    });
    after(async () => {
      await fake.close();
      await elsewhere.close();
    });
    afterEach(() => fake.setFault(undefined));

    const failures = faultCases({
      unauthorized: /^Bitbucket rejected the access token \(401 Unauthorized\): it is wrong, expired or revoked/,
      forbidden: /^Bitbucket refused access \(403 Forbidden\): the credential lacks Repositories: Read\./,
      notFound,
    });
    const withLocation = (fault: FakeFault): FakeFault => (fault.kind === 'redirect' ? { ...fault, location: `${elsewhere.url}/2.0/repositories/acme-eng` } : fault);

    for (const [fault, kind, sentence] of failures) {
      const name = fault.kind === 'redirect' ? `redirect ${fault.status}` : fault.kind;
      it(`${name}: ${kind}, its own sentence, nothing stored changes`, async () => {
        const stores = memoryStores();
        const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 1000, userAgent: 'test' });
        const service = new ConnectionService({ ...stores, createClient: () => ({ ok: true, client, origins: bitbucketOrigins }), now: () => new Date(), newCredentialId: sequentialIds, changed: async () => undefined });
        assert.ok((await service.connect(form)).ok);
        const before = { secret: stores.secrets.value, connections: structuredClone(stores.connections.list()) };
        fake.setFault(withLocation(fault));
        const connect = await service.connect({ ...form, secret: 'another-token' });
        const test = await service.test();
        for (const outcome of [connect, test]) {
          assert.ok(!outcome.ok && outcome.failure.kind === 'bitbucket', JSON.stringify(outcome));
          assert.equal(outcome.failure.error.kind, kind);
        }
        assert.deepEqual({ secret: stores.secrets.value, connections: stores.connections.list() }, before);
        assert.ok(!connect.ok);
        const message = fillPlaceholders(failureMessage(connect.failure).text, ...failureMessage(connect.failure).args);
        assert.match(message, sentence);
        assert.ok(!message.includes(form.secret) && !message.includes('another-token'));
        assert.equal(elsewhere.count(), 0, 'a request reached the redirect target');
      });
    }
  });
}
