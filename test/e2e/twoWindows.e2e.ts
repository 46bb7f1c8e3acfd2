// Two workbench windows of one code-server in one browser (the same localStorage and IndexedDB):
// what window A does to the connection must reach window B without a reload: B's status bar, and
// the credentials of the next agent terminal B opens.
//
// VS Code in a browser (code-server 4.139.1, VS Code 1.139) reads its secrets once per window and
// never hears of another tab's writes, so B's SecretStorage stays stale and fires no onDidChange,
// while globalState (the profile) does reach B. The extension therefore looks again when a window
// gains focus, and the stored secret carries the id of its profile: B shows the change, and
// refuses to pair A's new profile with its own stale token, asking for a reload instead.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoAccount, startFakeBitbucket, type FakeAccount, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { packageExtension } from './support/vsix';
import { connectWithApiToken, disconnectThroughForm, statusBarId } from './support/connectForm';
import { typeInTerminal } from './support/terminal';
import { waitForFile, waitForText } from './support/waiting';
import { escapeRegExp, runCommand, screenshot, statusBarItem } from './support/workbench';

const first = demoAccount();
const second: FakeAccount = {
  ...demoAccount(),
  email: 'second@example.com',
  username: 'nora-second',
  nickname: 'nora-second',
  secret: 'second-api-token-not-a-real-secret',
  displayName: 'Nora Second',
  accountId: '712020:1e7b4d2f-6c80-4f3b-8d92-4e5c3a7b8f21',
  uuid: '{6b9d3f8e-2a4c-4d7b-8e1f-8c3a5b7d9f24}',
};
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
/** How long B may take to notice a change made in A. */
const propagationMs = 20_000;

describe('e2e two windows: a change in one window reaches the other', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let a: Page;
  let b: Page;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [first, second] });
    server = await startCodeServer({
      vsixPath: packageExtension(),
      machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl },
      userSettings: { 'chat.disableAIFeatures': true },
    });
    browser = await launchBrowser();
    a = browser.page;
    await openWorkbench(a, server.url);
    await waitForText(statusBarItem(a, statusBarId), /Connect Bitbucket/, 60_000);
    b = await browser.context.newPage();
    b.on('console', (message) => browser.consoleLines.push(`B ${message.type()}: ${message.text()}`));
  });

  /**
   * Each test starts here, whatever ran before (so they pass alone and in any order): A, freshly
   * loaded, connects as `account`; then B loads, so both start from the same stored connection.
   */
  async function bothConnectedAs(account: FakeAccount): Promise<void> {
    await openWorkbench(a, server.url);
    await connect(a, account);
    await openWorkbench(b, server.url);
    const current = new RegExp(`^(?![\\s\\S]*secret missing)[\\s\\S]*${escapeRegExp(account.displayName)}`);
    await waitForText(statusBarItem(b, statusBarId), current, 60_000);
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const [name, page] of [['A', a], ['B', b]] as const) {
        console.log(`  status bar ${name}: ${JSON.stringify(await statusBarItem(page, statusBarId).allTextContents())}`);
        console.log(`  screenshot ${name}: ${await screenshot(page, `two-windows-failed-${name}-${this.currentTest.title}`)}`);
      }
      console.log(`  browser console (last 20):\n    ${browser.consoleLines.slice(-20).join('\n    ')}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  /**
   * Switches to `page` as a user would. Headless Chromium reports every tab as focused at once
   * (document.hasFocus() is always true), so what a real switch does is done here: the other tab
   * loses focus and gets a blur event, this one gains focus and gets a focus event.
   */
  async function switchTo(page: Page): Promise<void> {
    await setFocus(page === a ? b : a, false);
    await page.bringToFront();
    await setFocus(page, true);
  }

  function setFocus(page: Page, focused: boolean): Promise<void> {
    return page.evaluate(
      `document.hasFocus = () => ${focused}; window.dispatchEvent(new FocusEvent('${focused ? 'focus' : 'blur'}'))`,
    );
  }

  function connect(page: Page, account: FakeAccount): Promise<void> {
    return connectWithApiToken(page, { email: account.email ?? '', token: account.secret }, account.displayName);
  }

  /** Opens an agent terminal in `page` and returns what it sees: username and the token's sha256. */
  async function agentTerminalCredentials(page: Page, name: string): Promise<string[]> {
    const file = path.join(server.workspaceFolder, `${name}.txt`);
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    // One simple command: the shell integration's DEBUG trap would write into a redirected { group; }.
    await typeInTerminal(
      page,
      `printf '%s\\n' "$BITBUCKET_USERNAME" "$(printf %s "$BITBUCKET_APP_PASSWORD" | sha256sum | cut -d' ' -f1)" > ${JSON.stringify(file)}`,
    );
    return (await waitForFile(file)).trim().split('\n');
  }

  it('after a disconnect in A, B opens no agent terminal (the old token is not handed out)', async () => {
    await bothConnectedAs(first);
    await switchTo(a);
    await disconnectThroughForm(a);
    await switchTo(b);
    const terminals = await b.locator('.terminal-wrapper').count();
    await runCommand(b, 'New Agent Terminal (Bitbucket)');
    await b.locator('.notification-toast', { hasText: 'Bitbucket is not connected' }).waitFor({ timeout: propagationMs });
    assert.equal(await b.locator('.terminal-wrapper').count(), terminals, 'B opened an agent terminal');
  });

  it("a disconnect in A shows in B's status bar once B has focus, without a reload", async () => {
    await bothConnectedAs(first);
    await switchTo(a);
    await disconnectThroughForm(a);
    await switchTo(b);
    await waitForText(statusBarItem(b, statusBarId), /Connect Bitbucket/, propagationMs);
  });

  it("a connection added in A shows in B's status bar as this workspace's, asking B to reload before it uses it", async () => {
    await bothConnectedAs(first);
    await switchTo(a);
    await connect(a, second);
    await switchTo(b);
    await waitForText(statusBarItem(b, statusBarId), /Nora Second: secret missing: reload or reconnect/, propagationMs);
    await screenshot(b, 'two-windows-b-after-reconnect-in-a');
  });

  it("B's next agent terminal never gets another connection's token for the one added in A", async () => {
    await bothConnectedAs(first);
    await switchTo(a);
    await connect(a, second);
    await switchTo(b);
    const terminals = await b.locator('.terminal-wrapper').count();
    await runCommand(b, 'New Agent Terminal (Bitbucket)');
    const toast = b.locator('.notification-toast', { hasText: 'secret is missing' });
    await toast.waitFor({ timeout: propagationMs });
    assert.equal(await toast.getByRole('button', { name: 'Reload Window' }).count(), 1);
    assert.equal(await b.locator('.terminal-wrapper').count(), terminals, 'B opened an agent terminal');
  });

  it('after a reload, B shows and uses the new credentials', async () => {
    await bothConnectedAs(first);
    await switchTo(a);
    await connect(a, second);
    await openWorkbench(b, server.url); // B's reload
    await waitForText(statusBarItem(b, statusBarId), /^(?![\s\S]*secret missing)[\s\S]*Nora Second/, 60_000);
    assert.deepEqual(await agentTerminalCredentials(b, 'b-after-reload'), [second.username, sha256(second.secret)]);
  });
});
