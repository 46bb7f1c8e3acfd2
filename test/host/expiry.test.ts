// Token expiry and Replace Token in the real extension host, with the extension's clock moved by
// the test hook. The host cannot read the workbench's notifications, so the extension's test API
// lists the ones it showed (the call to showWarningMessage is the real one).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { DEMO_API_TOKEN, demoAccount, demoAccountSecondToken, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { waitUntil } from '../support/waitUntil';
import { heldConnection, storedActive } from './heldConnection';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };
const sameAccount = demoAccountSecondToken();
const otherAccount = otherPersonAccount();

describe('Nora: token expiry and Replace Token in the extension host', function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let api: TestApi;
  /** The tooltip's text, without the escapes appendText adds to Markdown. */
  const tooltip = () =>
    ((api.testing.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  const warningShown = () => api.testing.statusBarItem.backgroundColor?.id === 'statusBarItem.warningBackground';
  const stored = () => storedActive(api);

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), sameAccount, otherAccount] });
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    api.testing.setClock(new Date(2026, 2, 1, 12));
  });
  after(async () => {
    await api?.testing.disconnect();
    api?.testing.setClock(undefined);
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
  });

  it('registers the Replace Token command', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('nora.bitbucket.replaceToken'));
  });

  it('a token that expires in 10 days: the status bar warns and the tooltip counts the days, no notification yet', async () => {
    const outcome = await api.testing.connect({ ...form, expiresOn: '2026-03-11' });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await waitUntil(() => (warningShown() ? true : undefined), 'the warning background');
    assert.equal(api.testing.statusBarItem.text, '$(warning) Nora Developer');
    assert.match(tooltip(), /The API token expires in 10 days, on 2026-03-11\./);
    assert.match(api.testing.statusBarItem.accessibilityInformation?.label ?? '', /with a warning: The API token expires in 10 days/);
    assert.deepEqual(api.testing.expiryNotices, []);
    const env = await api.testing.agentEnvironment();
    assert.ok(env.ok && env.env.BITBUCKET_TOKEN_EXPIRES === '2026-03-11');
  });

  it('past the 7-day threshold: one notification offering Replace Token, not repeated on the next look', async () => {
    api.testing.setClock(new Date(2026, 2, 4, 9));
    await waitUntil(() => (api.testing.expiryNotices.length > 0 ? true : undefined), 'the 7-day notification');
    assert.deepEqual(api.testing.expiryNotices, ['The API token expires in 7 days, on 2026-03-11.']);
    assert.match(tooltip(), /expires in 7 days/);
    api.testing.setClock(new Date(2026, 2, 5, 9));
    await vscode.commands.executeCommand('nora.bitbucket.test');
    assert.match(tooltip(), /expires in 6 days/);
    assert.equal(api.testing.expiryNotices.length, 1, 'the 7-day notification came again');
  });

  it('Replace Token opens the form; a token of another account is refused and nothing changes', async () => {
    await vscode.commands.executeCommand('nora.bitbucket.replaceToken');
    await waitUntil(
      () => (vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label === 'Connect Bitbucket')) ? true : undefined),
      'the form',
    );
    const before = await stored();
    const outcome = await api.testing.replaceToken({ email: otherAccount.email, secret: otherAccount.secret, expiresOn: '2027-03-05' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'otherAccount', JSON.stringify(outcome));
    assert.deepEqual(await stored(), before);
    assert.equal((await heldConnection(api, DEMO_API_TOKEN))?.displayName, 'Nora Developer');
  });

  it('Replace Token with a token of the same account keeps the profile, updates the date and clears the warning', async () => {
    const before = await heldConnection(api, DEMO_API_TOKEN);
    const outcome = await api.testing.replaceToken({ email: 'dev@example.com', secret: sameAccount.secret, expiresOn: '2027-03-05' });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const after = await stored();
    assert.equal((JSON.parse(after.secret ?? '{}') as { secret?: string }).secret, sameAccount.secret);
    assert.equal((after.profile as { expiresOn?: string }).expiresOn, '2027-03-05');
    assert.deepEqual({ ...(await heldConnection(api, sameAccount.secret)), lastTestedAt: '' }, { ...before, lastTestedAt: '' });
    await waitUntil(() => (warningShown() ? undefined : true), 'the warning to go');
    assert.equal(api.testing.statusBarItem.text, '$(account) Nora Developer');
    assert.match(tooltip(), /Token expires:\*\* 2027-03-05/);
    const env = await api.testing.agentEnvironment();
    assert.ok(env.ok && env.env.BITBUCKET_TOKEN_EXPIRES === '2027-03-05' && env.env.BITBUCKET_API_TOKEN === sameAccount.secret);
  });
});
