import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import { ConnectionService } from '../../src/connection/connectionService';
import { failureMessage } from '../../src/connection/connectionMessages';
import { fillPlaceholders } from '../../src/userMessage';
import { DEMO_API_TOKEN, demoAccount, startCountingServer, startFakeBitbucket, type FakeBitbucket, type FakeFault } from '../fakes/fakeBitbucket';
import { bitbucketOrigins } from '../support/profiles';
import { faultCases } from '../support/faultCases';
import { memoryStores, sequentialIds } from '../support/memoryStores';

/**
 * Every fault, against both calls a connect makes: each gives its own sentence, nothing throws
 * past the service, and the stored connection stays as it was.
 */
describe('fault matrix: /2.0/user and the workspace check', function () {
  this.timeout(30_000);
  let fake: FakeBitbucket;
  let elsewhere: Awaited<ReturnType<typeof startCountingServer>>;
  const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    elsewhere = await startCountingServer();
  });
  after(async () => {
    await fake.close();
    await elsewhere.close();
  });
  afterEach(() => fake.setFault(undefined));

  const failures = faultCases({
    unauthorized: /^Bitbucket rejected the email or API token \(401 Unauthorized\)/,
    forbidden: /^Bitbucket refused access \(403 Forbidden\): the credential lacks read:user:bitbucket\./,
    notFound: /^Bitbucket answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/2\.0\/user\. Check the setting nora\.bitbucket\.apiBaseUrl\.$/,
  });
  function withLocation(fault: FakeFault): FakeFault {
    return fault.kind === 'redirect' ? { ...fault, location: `${elsewhere.url}/2.0/user` } : fault;
  }

  async function connectedService() {
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 1000, userAgent: 'test' });
    const service = new ConnectionService({ ...stores, createClient: () => ({ ok: true, client, origins: bitbucketOrigins }), now: () => new Date(), newCredentialId: sequentialIds, changed: async () => undefined });
    assert.ok((await service.connect(form)).ok);
    return { service, stores, client };
  }

  for (const [fault, kind, sentence] of failures) {
    const name = fault.kind === 'redirect' ? `redirect ${fault.status}` : fault.kind;
    it(`/2.0/user ${name}: ${kind}, its own sentence, nothing stored changes`, async () => {
      const { service, stores } = await connectedService();
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
      assert.ok(!message.includes(DEMO_API_TOKEN) && !message.includes('another-token'));
      assert.equal(elsewhere.count(), 0, 'a request reached the redirect target');
    });

    it(`workspace check ${name}: a warning, not a failure`, async () => {
      const { client } = await connectedService();
      fake.setFault(withLocation(fault));
      const check = await client.checkWorkspace({ type: 'apiToken', restUsername: form.email, secret: DEMO_API_TOKEN }, 'acme-eng');
      if (kind === 'notFound') assert.deepEqual(check, { status: 'notFound' });
      else if (kind === 'forbidden') assert.deepEqual(check, { status: 'cannotVerify' });
      else assert.ok(check.status === 'failed' && check.error.kind === kind, JSON.stringify(check));
    });
  }

  it('no two kinds of failure share a sentence', () => {
    for (const [, kind, sentence] of failures) {
      const others = failures.filter(([, otherKind]) => otherKind !== kind).map(([, , other]) => other.source);
      assert.ok(!others.includes(sentence.source), `${kind} shares its sentence with another kind`);
    }
  });
});
