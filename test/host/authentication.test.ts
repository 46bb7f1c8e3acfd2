import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { heldConnection } from './heldConnection';
import { DEMO_API_TOKEN, demoAccount, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
/** What test/host/consumer-extension returns: another extension asking for the token. */
interface Consumer {
  getSession(options: vscode.AuthenticationGetSessionOptions): Promise<vscode.AuthenticationSession | undefined>;
  sessionChanges(): number;
}
const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN };

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitUntilAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Bitbucket (Nora) accounts: another extension gets the token only with consent', function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let api: TestApi;
  let consumer: Consumer;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), otherPersonAccount()] });
    api = await vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket')!.activate();
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    const other = vscode.extensions.getExtension<Consumer>('nora-test.consent-consumer');
    assert.ok(other, 'the consumer test extension is not loaded');
    consumer = await other.activate();
  });
  after(async () => {
    await api?.testing.disconnect();
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
  });

  it('the API itself hands out no secret', async () => {
    const outcome = await api.testing.connect(form);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await waitUntil(() => consumer.sessionChanges() > 0, 'the consumer to hear of the new session');
    assert.ok(!JSON.stringify(await heldConnection(api, DEMO_API_TOKEN)).includes(DEMO_API_TOKEN));
    const guessed = { id: 'whatever', accessToken: 'guess', account: { id: 'a', label: 'dev@example.com' }, scopes: [] };
    assert.equal(await api.getEnvironment(guessed), undefined);
    assert.equal(await api.getEnvironment(undefined as unknown as vscode.AuthenticationSession), undefined);
  });

  it('without consent the other extension gets nothing: VS Code has to ask the user', async () => {
    assert.equal(await consumer.getSession({ silent: true }), undefined);
    // Extension tests refuse every dialog, so asking is where this test stops; the e2e test
    // (consent.e2e.ts) clicks "Allow" and "Cancel" in code-server.
    await assert.rejects(consumer.getSession({ createIfNone: true }), /refused to show dialog|did not consent/);
    assert.equal(await consumer.getSession({ silent: true }), undefined);
  });

  it('each connection is its own account in the Accounts menu; removing one leaves the other', async () => {
    const other = otherPersonAccount();
    const added = await api.testing.connect({ credentialType: 'apiToken', email: other.email, secret: other.secret });
    assert.ok(added.ok, JSON.stringify(added));
    const labels = async () => (await vscode.authentication.getAccounts('nora-bitbucket')).map((account) => account.label).sort();
    await waitUntilAsync(async () => (await labels()).length === 2, 'both accounts');
    assert.deepEqual(await labels(), ['dev@example.com', 'other@example.com']);
    const before = consumer.sessionChanges();
    await api.testing.disconnect([added.report.profile.credentialId]);
    await waitUntil(() => consumer.sessionChanges() > before, 'the consumer to hear of the removed account');
    assert.deepEqual(await labels(), ['dev@example.com']);
    assert.equal(api.testing.activeProfile()?.email, 'dev@example.com', 'the window falls back to the connection left');
  });

  it('a disconnect reaches the other extension as a session change', async () => {
    const before = consumer.sessionChanges();
    await api.testing.disconnect();
    await waitUntil(() => consumer.sessionChanges() > before, 'the consumer to hear of the disconnect');
    assert.equal(await consumer.getSession({ silent: true }), undefined);
  });
});
