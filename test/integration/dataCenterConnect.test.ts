import assert from 'node:assert/strict';
import { BitbucketClient } from '../../src/bitbucket/client';
import { failureMessage, reportWarnings } from '../../src/connection/connectionMessages';
import type { ConnectForm } from '../../src/connection/connectInput';
import type { ConnectOutcome } from '../../src/connection/connectionOutcomes';
import { ConnectionService } from '../../src/connection/connectionService';
import { dataCenterApiBaseUrl } from '../../src/connection/serverUrl';
import { fillPlaceholders, type UserMessage } from '../../src/userMessage';
import {
  DEMO_DC_PERSONAL_TOKEN,
  DEMO_DC_PROJECT_TOKEN,
  DEMO_DC_REPOSITORY_TOKEN,
  startCountingServer,
  startFakeDataCenter,
  type FakeDataCenter,
  type FakeDataCenterFault,
} from '../fakes/fakeDataCenter';
import { memoryStores, sequentialIds } from '../support/memoryStores';
import { bitbucketOrigins } from '../support/profiles';

const text = (message: UserMessage) => fillPlaceholders(message.text, ...message.args);

/** A service whose client factory builds the Data Center client as the extension does (features.ts), and Cloud's from the default settings. */
function dataCenterService(stores = memoryStores(), timeoutMs = 2000) {
  const createClient = (serverUrl?: string) => {
    if (serverUrl === undefined) return { ok: true as const, client: new BitbucketClient({ apiBaseUrl: 'https://api.bitbucket.org/2.0', timeoutMs, userAgent: 'test' }), origins: bitbucketOrigins };
    const origin = new URL(serverUrl).origin;
    return { ok: true as const, client: new BitbucketClient({ apiBaseUrl: dataCenterApiBaseUrl(serverUrl), timeoutMs, userAgent: 'test' }), origins: { api: origin, git: origin } };
  };
  return { stores, service: new ConnectionService({ ...stores, createClient, now: () => new Date('2026-12-01T10:00:00Z'), newCredentialId: sequentialIds, changed: async () => undefined }) };
}

function failureText(outcome: ConnectOutcome): string {
  assert.ok(!outcome.ok, 'expected a failure');
  return text(failureMessage(outcome.failure));
}

describe('Data Center: Connect and Test against the fake server', function () {
  this.timeout(20_000);
  let fake: FakeDataCenter;
  const form = (overrides: Partial<ConnectForm> = {}): ConnectForm => ({ credentialType: 'dataCenter', serverUrl: fake.serverUrl, secret: DEMO_DC_PERSONAL_TOKEN, ...overrides });

  beforeEach(async () => {
    fake = await startFakeDataCenter({ demo: true });
  });
  afterEach(() => fake.close());

  it('a personal token: the server proves itself without the token, then the token names its user', async () => {
    const { service, stores } = dataCenterService();
    const outcome = await service.connect(form({ projectKey: 'proj' }));
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const { profile } = outcome.report;
    assert.deepEqual(
      { type: profile.credentialType, serverUrl: profile.serverUrl, owner: profile.tokenOwner, username: profile.username, name: profile.displayName, email: profile.email, project: profile.projectKey, api: profile.apiOrigin, git: profile.gitOrigin },
      { type: 'dataCenter', serverUrl: fake.serverUrl, owner: 'person', username: 'jdoe', name: 'Jane Doe', email: 'jane@example.com', project: 'PROJ', api: fake.serverUrl, git: fake.serverUrl },
    );
    assert.match(profile.serverVersion ?? '', /^\d+\.\d+/);
    assert.equal(fake.requests[0]?.path, '/rest/api/latest/application-properties');
    assert.equal(fake.requests[0]?.authorization, undefined, 'the server proves itself before the token goes there');
    assert.deepEqual(
      fake.requests.slice(1).map((request) => [request.path, request.authorization]).sort(),
      [
        ['/rest/api/latest/projects?limit=1', `Bearer ${DEMO_DC_PERSONAL_TOKEN}`],
        ['/rest/api/latest/users/jdoe', `Bearer ${DEMO_DC_PERSONAL_TOKEN}`],
        ['/rest/api/latest/projects/PROJ', `Bearer ${DEMO_DC_PERSONAL_TOKEN}`],
      ].sort(),
    );
    assert.equal(stores.secrets.value?.secret, DEMO_DC_PERSONAL_TOKEN);
    // A personal token with a project key still reaches every project: the report says so.
    assert.match(reportWarnings(outcome.report).map(text).join(' '), /personal token of Jane Doe: it reaches every project Jane Doe can, not only PROJ/);
    const test = await service.test();
    assert.ok(test.ok, JSON.stringify(test));
  });

  it('a project and a repository token act as their service users', async () => {
    for (const secret of [DEMO_DC_PROJECT_TOKEN, DEMO_DC_REPOSITORY_TOKEN]) {
      const { service } = dataCenterService();
      const outcome = await service.connect(form({ secret, projectKey: 'PROJ' }));
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.report.profile.tokenOwner, 'service');
      assert.deepEqual(reportWarnings(outcome.report), []);
    }
  });

  it('a project the token does not reach, and a wrong token: their own sentences, nothing stored', async () => {
    fake.projects.push({ key: 'OTHER', name: 'Other', id: 2 });
    const { service, stores } = dataCenterService();
    assert.match(failureText(await service.connect(form({ secret: DEMO_DC_PROJECT_TOKEN, projectKey: 'OTHER' }))), /^The token reaches no project OTHER on this server/);
    assert.match(failureText(await service.connect(form({ secret: 'BBDC-wrong' }))), /^Bitbucket Data Center at 127\.0\.0\.1:\d+ rejected the token \(401 Unauthorized\)/);
    assert.deepEqual(stores.connections.list(), []);
    assert.equal(stores.secrets.byId.size, 0);
  });

  it("a Data Center server in Cloud's API setting: an API token's Connect says 404 and names the setting", async () => {
    const stores = memoryStores();
    const client = new BitbucketClient({ apiBaseUrl: fake.serverUrl, timeoutMs: 2000, userAgent: 'test' });
    const service = new ConnectionService({ ...stores, createClient: () => ({ ok: true, client, origins: bitbucketOrigins }), now: () => new Date(), newCredentialId: sequentialIds, changed: async () => undefined });
    const message = failureText(await service.connect({ credentialType: 'apiToken', email: 'jane@example.com', secret: DEMO_DC_PERSONAL_TOKEN }));
    assert.match(message, /^Bitbucket answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/user\. Check the setting nora\.bitbucket\.apiBaseUrl\.$/);
    assert.deepEqual(stores.connections.list(), []);
  });

  it('a Test after the token was revoked says 401, and the stored connection stays', async () => {
    const { service, stores } = dataCenterService();
    assert.ok((await service.connect(form())).ok);
    const before = structuredClone(stores.connections.list());
    fake.tokens.splice(0, fake.tokens.length, ...fake.tokens.filter((token) => token.secret !== DEMO_DC_PERSONAL_TOKEN));
    const test = await service.test();
    assert.ok(!test.ok && test.failure.kind === 'bitbucket' && test.failure.error.kind === 'unauthorized');
    assert.deepEqual(stores.connections.list(), before);
  });
});

describe('fault matrix: a Data Center token', function () {
  this.timeout(20_000);
  let fake: FakeDataCenter;
  let elsewhere: Awaited<ReturnType<typeof startCountingServer>>;
  before(async () => {
    fake = await startFakeDataCenter({ demo: true });
    elsewhere = await startCountingServer();
  });
  after(async () => {
    await fake.close();
    await elsewhere.close();
  });
  afterEach(() => fake.setFault(undefined));

  const notDataCenter = (reason: RegExp) => new RegExp(`^The Server URL does not look like Bitbucket Data Center: ${reason.source}.*Your token was not sent\\.$`);
  const cases: [FakeDataCenterFault, string, RegExp][] = [
    [{ kind: 'login-page' }, 'notDataCenter', notDataCenter(/it answered with a web page/)],
    [{ kind: 'jira' }, 'notDataCenter', notDataCenter(/it answered HTTP 404 where Bitbucket answers with its version/)],
    [{ kind: 'redirect' }, 'notDataCenter', notDataCenter(/it answered with a redirect to https:\/\/sso\.example\.invalid/)],
    [{ kind: 'ok-not-json' }, 'notDataCenter', notDataCenter(/its answer is not Bitbucket's/)],
    [{ kind: 'schema-mismatch' }, 'notDataCenter', notDataCenter(/its answer is not Bitbucket's/)],
    [{ kind: 'unauthorized' }, 'notDataCenter', notDataCenter(/it asks to sign in before saying what it is \(HTTP 401\)/)],
    [{ kind: 'forbidden' }, 'notDataCenter', notDataCenter(/it asks to sign in before saying what it is \(HTTP 403\)/)],
    [{ kind: 'rate-limited' }, 'rateLimited', /^Bitbucket Data Center is limiting the requests of this token \(429 Too Many Requests\); try again later\.$/],
    [{ kind: 'server-error' }, 'serverError', /^Bitbucket is having trouble \(HTTP 500\)\. Try again in a few minutes\.$/],
    [{ kind: 'timeout' }, 'timeout', /^Bitbucket did not answer within 1 seconds?\./],
    [{ kind: 'no-ausername' }, 'invalidResponse', /^The server did not say who the token belongs to \(no X-AUSERNAME header\)/],
    [{ kind: 'ausername-hostile' }, 'invalidResponse', /^The server named the token's user in a form Nora does not use \(\.\.\/admin\)/],
    [{ kind: 'ausername-hostile', value: 'jdoe\tadmin' }, 'invalidResponse', /^The server named the token's user in a form Nora does not use/],
  ];

  for (const [fault, kind, sentence] of cases) {
    const name = fault.kind === 'ausername-hostile' ? `${fault.kind} ${JSON.stringify(fault.value ?? '../admin')}` : fault.kind;
    it(`${name}: ${kind}, its own sentence, nothing stored changes`, async () => {
      const { service, stores } = dataCenterService(memoryStores(), 1000);
      const good: ConnectForm = { credentialType: 'dataCenter', serverUrl: fake.serverUrl, secret: DEMO_DC_PERSONAL_TOKEN };
      assert.ok((await service.connect(good)).ok);
      const before = { secret: stores.secrets.value, connections: structuredClone(stores.connections.list()) };
      fake.setFault(fault);
      const connect = await service.connect({ ...good, secret: DEMO_DC_PROJECT_TOKEN });
      const test = await service.test();
      for (const outcome of [connect, test]) {
        assert.ok(!outcome.ok && outcome.failure.kind === 'bitbucket', JSON.stringify(outcome));
        assert.equal(outcome.failure.error.kind, kind);
      }
      assert.deepEqual({ secret: stores.secrets.value, connections: stores.connections.list() }, before);
      const message = failureText(connect);
      assert.match(message, sentence);
      assert.ok(!message.includes(DEMO_DC_PERSONAL_TOKEN) && !message.includes(DEMO_DC_PROJECT_TOKEN));
      assert.equal(elsewhere.count(), 0);
    });
  }
});
