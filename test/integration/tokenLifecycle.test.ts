// Token expiry and Replace Token through ConnectionService, against the loopback fake.
import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import type { ConnectForm } from '../../src/connection/connectInput';
import { ConnectionService } from '../../src/connection/connectionService';
import { failureMessage } from '../../src/connection/connectionMessages';
import { fillPlaceholders } from '../../src/userMessage';
import { DEMO_API_TOKEN, demoAccount, demoAccountSecondToken, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { memoryStores, sequentialIds } from '../support/memoryStores';
import { bitbucketOrigins } from '../support/profiles';

const form: ConnectForm = { credentialType: 'apiToken', email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng', expiresOn: '2026-03-11' };
const sameAccount = demoAccountSecondToken();
const otherAccount = otherPersonAccount();

describe('Token expiry and Replace Token against the loopback fake', () => {
  let fake: FakeBitbucket;
  let now: Date;
  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), sameAccount, otherAccount] });
  });
  after(() => fake.close());
  afterEach(() => {
    fake.setFault(undefined);
    fake.requests.length = 0;
  });

  async function connected() {
    now = new Date(2026, 2, 1, 12);
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000, userAgent: 'test' });
    const connection = new ConnectionService({
      ...stores,
      createClient: () => ({ ok: true, client, origins: bitbucketOrigins }),
      now: () => now,
      newCredentialId: sequentialIds,
      changed: async () => undefined,
    });
    const outcome = await connection.connect(form);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    fake.requests.length = 0;
    return { connection, stores, snapshot: () => structuredClone({ connections: stores.connections.list(), secret: stores.secrets.value }) };
  }

  it('keeps the expiry date in the profile at Connect', async () => {
    const { stores } = await connected();
    assert.deepEqual(stores.connections.list().map((profile) => profile.expiresOn), ['2026-03-11']);
  });

  it('Replace Token with a token of the same account: a new secret and date, the rest of the profile kept', async () => {
    const { connection, stores, snapshot } = await connected();
    const before = snapshot();
    now = new Date(2026, 2, 5, 9);
    const outcome = await connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret, expiresOn: '2027-03-05' });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const [after, ...others] = stores.connections.list();
    const [replaced] = before.connections;
    assert.ok(after && replaced);
    assert.deepEqual(others, [], 'Replace Token added a connection');
    assert.equal(stores.secrets.value?.secret, sameAccount.secret);
    assert.equal(stores.secrets.value?.credentialId, after.credentialId, 'the secret and the profile must carry the same id');
    assert.notEqual(after.credentialId, replaced.credentialId, 'other windows must see a new credential');
    assert.deepEqual(
      { ...after, credentialId: 'x', lastTestedAt: 'x' },
      { ...replaced, credentialId: 'x', lastTestedAt: 'x', expiresOn: '2027-03-05' },
    );
    assert.equal(after.lastTestedAt, now.toISOString());
  });

  it('Replace Token with "I don\'t know" drops the old date', async () => {
    const { connection, stores } = await connected();
    const outcome = await connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const [replaced] = stores.connections.list();
    assert.equal(replaced?.workspace, 'acme-eng');
    assert.equal('expiresOn' in (replaced ?? {}), false);
  });

  it('refuses a token of another account and changes nothing', async () => {
    const { connection, snapshot } = await connected();
    const before = snapshot();
    const outcome = await connection.replaceToken({ email: otherAccount.email, secret: otherAccount.secret, expiresOn: '2027-03-01' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'otherAccount', JSON.stringify(outcome));
    assert.equal(
      fillPlaceholders(failureMessage(outcome.failure).text, ...failureMessage(outcome.failure).args),
      'This token belongs to Someone Else, not to Nora Developer, whose token it should replace. Nothing was changed. To use the other account, disconnect and connect it instead.',
    );
    assert.deepEqual(snapshot(), before);
  });

  it('refuses a wrong token with the usual 401 message and changes nothing', async () => {
    const { connection, snapshot } = await connected();
    const before = snapshot();
    const outcome = await connection.replaceToken({ email: 'dev@example.com', secret: 'not-a-token-of-anyone', expiresOn: '2027-03-01' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'bitbucket' && outcome.failure.error.kind === 'unauthorized', JSON.stringify(outcome));
    assert.deepEqual(snapshot(), before);
  });

  it('writes nothing when another window reconnected while the new token was being checked', async () => {
    const { connection, stores } = await connected();
    const pending = connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret });
    const otherWindow = { ...stores.connections.list()[0], credentialId: 'from-another-window' };
    await stores.connections.write([otherWindow]);
    await stores.secrets.store({ credentialId: otherWindow.credentialId, secret: 'other-window-token' });
    const outcome = await pending;
    assert.ok(!outcome.ok && outcome.failure.kind === 'changedElsewhere', JSON.stringify(outcome));
    assert.deepEqual(stores.connections.list(), [otherWindow]);
    const secrets = [...stores.secrets.byId.values()].map((stored) => stored.secret);
    assert.ok(secrets.includes('other-window-token') && !secrets.includes(sameAccount.secret), JSON.stringify(secrets));
  });

  it('writes nothing when the workspace was changed while the new token was being checked, rather than putting the old one back', async () => {
    const { connection, stores } = await connected();
    const pending = connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret });
    const savedMeanwhile = { ...stores.connections.list()[0], workspace: 'acme-ops' };
    await stores.connections.write([savedMeanwhile]);
    const outcome = await pending;
    assert.ok(!outcome.ok && outcome.failure.kind === 'changedElsewhere', JSON.stringify(outcome));
    assert.deepEqual(stores.connections.list(), [savedMeanwhile]);
    assert.equal(stores.secrets.value?.secret, DEMO_API_TOKEN);
  });

  it('refuses a past expiry date before asking Bitbucket, and needs a connection to replace', async () => {
    const { connection, snapshot } = await connected();
    const before = snapshot();
    const outcome = await connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret, expiresOn: '2026-02-01' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'invalidInput' && outcome.failure.fieldErrors.expiresOn);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(snapshot(), before);
    await connection.disconnect('all');
    const none = await connection.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret });
    assert.ok(!none.ok && none.failure.kind === 'notConnected');
  });

  it('a 401 from the expiry date on says the token expired on that date; before it, the usual sentence', async () => {
    const { connection } = await connected();
    fake.setFault({ kind: 'unauthorized-json' });
    now = new Date(2026, 2, 10, 23, 59);
    const before = await connection.test();
    assert.ok(!before.ok && before.failure.kind === 'bitbucket' && before.failure.error.kind === 'unauthorized');
    now = new Date(2026, 2, 12, 8);
    const after = await connection.test();
    assert.ok(!after.ok && after.failure.kind === 'bitbucket' && after.failure.error.kind === 'tokenExpired', JSON.stringify(after));
    assert.equal(
      after.failure.error.message,
      'Bitbucket rejected the API token (401 Unauthorized): it expired on 2026-03-11. Create a new token at https://id.atlassian.com/manage-profile/security/api-tokens and use "Nora: Replace Bitbucket API Token".',
    );
  });
});
