// The trust boundary in a real VS Code (code-server with the packaged VSIX and a second, unpacked
// test extension). Another extension asks for the Bitbucket token through VS Code's authentication
// API: it gets nothing until the user allows it in VS Code's own dialog, the request opens the
// Connect form when nothing is connected, and signing out in the Accounts menu is Disconnect.
// Server text is shown literally, and a setting that moves to another origin gets nothing until
// the user confirms it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { connectWithApiToken, statusBarId } from './support/connectForm';
import { repoRoot } from '../support/repoRoot';
import { packageExtension } from './support/vsix';
import { waitForFile, waitForText } from './support/waiting';
import { escapeRegExp, reportFailure, runCommand, screenshot, statusBarItem, webviewFrame } from './support/workbench';
import { waitUntil } from './support/waiting';

interface ConsumerResult {
  readonly call: 'ask' | 'askScopes' | 'check';
  readonly sessionChanges: number;
  readonly session?: { id: string; accountLabel: string; tokenSha256: string } | null;
  /** What Nora's API told the consumer: any extension, and the session's holder. */
  readonly connected?: boolean;
  readonly connectionWithoutSession?: unknown;
  readonly connection?: { email?: string; accountId?: string; grantedScopes?: string[] } | null;
  readonly error?: string;
}

// A display name that tries icon syntax, replacement patterns and a command link.
const oddName = 'Eve $(alert) $& $` [x](command:workbench.action.quit)';
const oddAccount = { ...demoAccount(), email: 'eve@example.com', secret: `${DEMO_API_TOKEN}-eve`, displayName: oddName };

const tokenSha256 = createHash('sha256').update(DEMO_API_TOKEN).digest('hex');

describe('e2e trust boundary: consent, literal names, pinned origins', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;
  let elsewhere: FakeBitbucket | undefined;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), oddAccount] });
    server = await startCodeServer({
      vsixPath: packageExtension(),
      unpackedExtensions: [path.join(repoRoot, 'test', 'consumer-extension')],
      machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl },
      userSettings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true },
    });
    browser = await launchBrowser();
    page = browser.page;
    await openWorkbench(page, server.url);
    await statusBarItem(page, statusBarId).waitFor({ state: 'visible', timeout: 60_000 });
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
    await elsewhere?.close();
  });

  const dialogButton = (name: string) => page.locator('.monaco-dialog-box').getByRole('button', { name, exact: true });

  /** Runs one of the consumer's commands; `answer` handles what VS Code shows meanwhile. */
  async function consumer(command: 'ask' | 'askScopes' | 'check', answer?: () => Promise<void>): Promise<ConsumerResult> {
    const file = path.join(server.workspaceFolder, '.consumer-result.json');
    rmSync(file, { force: true });
    const titles = {
      ask: 'Consumer: Ask for the Bitbucket Session',
      askScopes: 'Consumer: Ask for a Bitbucket Session with admin:workspace:bitbucket',
      check: 'Consumer: Check the Bitbucket Session Silently',
    };
    await runCommand(page, titles[command]);
    await answer?.();
    return JSON.parse(await waitForFile(file)) as ConsumerResult;
  }

  it('gets nothing silently, and nothing when the user cancels VS Code\'s question', async () => {
    assert.equal((await consumer('check')).session, null);
    const refused = await consumer('ask', async () => {
      await page.locator('.monaco-dialog-box', { hasText: /wants to sign in using Bitbucket \(Nora\)/ }).waitFor({ timeout: 30_000 });
      await screenshot(page, 'consent-dialog');
      await dialogButton('Cancel').click();
    });
    assert.match(refused.error ?? '', /did not consent/);
    assert.equal(fake.requests.length, 0, 'nothing was sent to Bitbucket');
  });

  it('after "Allow", closing the Connect form without connecting rejects the request', async () => {
    const closed = await consumer('ask', async () => {
      await dialogButton('Allow').click();
      await webviewFrame(page).getByLabel('Atlassian account email').waitFor();
      await runCommand(page, 'View: Close Editor');
    });
    assert.match(closed.error ?? '', /Connect form was closed/);
    assert.equal((await consumer('check')).session, null);
  });

  it('after "Allow", the Connect form opens and the session comes when the user connects', async () => {
    const allowed = await consumer('ask', async () => {
      await dialogButton('Allow').click();
      const form = webviewFrame(page);
      await form.getByLabel('Atlassian account email').fill('dev@example.com');
      await form.getByLabel('API token', { exact: true }).fill(DEMO_API_TOKEN);
      await form.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForText(form.getByRole('status'), /Connected to Bitbucket as Nora Developer\./);
    });
    assert.equal(allowed.session?.accountLabel, 'dev@example.com');
    assert.equal(allowed.session?.tokenSha256, tokenSha256);
    const remembered = await consumer('check');
    assert.equal(remembered.session?.id, allowed.session?.id, 'the consent is remembered');
    // Details only for the session's holder; any other call learns only that Bitbucket is connected.
    assert.equal(allowed.connected, true);
    assert.equal(allowed.connectionWithoutSession, null);
    assert.equal(allowed.connection?.email, 'dev@example.com');
  });

  it('signing out in the Accounts menu asks once, in VS Code\'s own confirmation, and the other extension sees it', async () => {
    const before = (await consumer('check')).sessionChanges;
    await page.getByRole('button', { name: /^Accounts/ }).first().click();
    await page.getByRole('menuitem', { name: /dev@example\.com \(Bitbucket \(Nora\)\)/ }).hover();
    // The submenu's item highlights on hover but a pointer click is swallowed: choose it by keyboard.
    await page.getByRole('menuitem', { name: 'Sign Out', exact: true }).hover();
    await page.keyboard.press('Enter');
    await dialogButton('Sign Out').click();
    await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'a second question after VS Code\'s own');
    const after = await consumer('check');
    assert.equal(after.session, null);
    assert.equal(after.connected, false);
    assert.ok(after.sessionChanges > before, 'the other extension heard no change');
  });

  it('a request for scopes the token lacks is refused, naming them, and the form stays open naming them', async () => {
    const form = webviewFrame(page);
    const refused = await consumer('askScopes', async () => {
      // VS Code may remember the consent given for this account's label, or ask again.
      const allow = dialogButton('Allow');
      const email = form.getByLabel('Atlassian account email');
      await Promise.race([allow.waitFor({ timeout: 30_000 }).then(() => allow.click()), email.waitFor({ timeout: 30_000 })]);
      await waitForText(form.locator('#notices'), /An extension asked for a Bitbucket token with these scopes: admin:workspace:bitbucket\./);
      await email.fill('dev@example.com');
      await form.getByLabel('API token', { exact: true }).fill(DEMO_API_TOKEN);
      await form.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForText(form.locator('#notices'), /This token lacks admin:workspace:bitbucket, which the extension asked for/);
    });
    assert.match(refused.error ?? '', /lacks scopes that were asked for: admin:workspace:bitbucket/);
    assert.equal(refused.session, undefined);
    await screenshot(page, 'missing-scopes-notice');
    assert.equal(await form.getByRole('heading', { name: 'Connect Bitbucket' }).count(), 1, 'the form closed');
  });

  it('shows a display name literally in the status bar and the form (no icon, no pattern, no link)', async () => {
    // Square brackets from the server become round ones, so no link survives.
    const shown = 'Eve $(alert) $& $` (x)(command:workbench.action.quit)';
    await connectWithApiToken(page, { email: oddAccount.email, token: oddAccount.secret }, shown);
    await waitForText(statusBarItem(page, statusBarId), new RegExp(escapeRegExp(shown)));
    await waitForText(webviewFrame(page).locator('#connection-state'), new RegExp(`^Connected as ${escapeRegExp(shown)}\\.$`));
    await screenshot(page, 'literal-display-name');
  });

  it('a setting moved to another origin gets nothing until the user confirms it in a modal that names it', async () => {
    elsewhere = await startFakeBitbucket({ accounts: [oddAccount] });
    const origin = new URL(elsewhere.apiBaseUrl).origin;
    // What a dev container's settings could do: change the machine setting under the user.
    writeFileSync(path.join(server.userDataDir, 'Machine', 'settings.json'), JSON.stringify({ 'nora.bitbucket.apiBaseUrl': elsewhere.apiBaseUrl }));
    const question = page.locator('.monaco-dialog-box', { hasText: `Send your Bitbucket credential to ${origin}?` });
    await waitUntil(async () => {
      await runCommand(page, 'Test Bitbucket Connection');
      return (await question.waitFor({ timeout: 5000 }).then(() => true, () => undefined));
    }, 'the question about the new origin', 60_000);
    await screenshot(page, 'origin-changed-modal');
    await dialogButton('Cancel').click();
    assert.equal(elsewhere.requests.length, 0, 'the stored secret went to the new origin unasked');
    await runCommand(page, 'Test Bitbucket Connection');
    await dialogButton(`Send to ${origin}`).click();
    await waitUntil(() => (elsewhere!.requests.length > 0 ? true : undefined), 'the confirmed origin to be used');
  });
});
