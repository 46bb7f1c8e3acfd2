// Restricted Mode in a real VS Code: code-server with Workspace Trust on opens a folder the user
// has not trusted. Connect and Test work there, but no agent terminal opens and another extension
// with a session gets no agent environment: a notification says why and offers "Manage Workspace
// Trust". Trusting the folder in VS Code's own editor lets the next ones through, without a reload.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { connectWithApiToken, statusBarId } from './support/connectForm';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { repoRoot } from '../support/repoRoot';
import { typeInTerminal } from './support/terminal';
import { waitForFile, waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, screenshot, selectors, statusBarItem } from './support/workbench';

const refusal = 'This folder is not trusted (Restricted Mode), so Nora: Bitbucket gives its credentials to nothing that could run its code; trust the folder to use them.';

describe('e2e Restricted Mode: an untrusted folder gets no agent terminal until it is trusted', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    ({ server, browser, page } = await openPackagedWorkbench(
      { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl },
      { workspaceTrust: true, unpackedExtensions: [path.join(repoRoot, 'test', 'consumer-extension')] },
    ));
    await statusBarItem(page, statusBarId).waitFor({ state: 'visible', timeout: 60_000 });
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  const terminalTabs = () => page.locator('.terminal-tabs-entry, .single-terminal-tab');

  /** Another extension asks for a session (allowed when VS Code asks) and then for the agent environment: the names it got, or null. */
  async function consumerEnvironmentNames(): Promise<string[] | null> {
    const file = path.join(server.workspaceFolder, '.consumer-result.json');
    rmSync(file, { force: true });
    await runCommand(page, 'Consumer: Ask for the Bitbucket Session');
    const allow = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Allow', exact: true });
    // With a connection stored, VS Code asks which account (the provider supports several); the
    // first time without one, it asks Allow.
    const account = page.locator(selectors.quickInputRow, { hasText: 'dev@example.com' });
    const result = waitForFile(file, 60_000);
    await Promise.race([allow.click({ timeout: 30_000 }).catch(() => undefined), account.first().click({ timeout: 30_000 }).catch(() => undefined), result]);
    const parsed = JSON.parse(await result) as { environmentNames?: string[] | null; error?: string };
    assert.equal(parsed.error, undefined);
    return parsed.environmentNames ?? null;
  }

  it('opens the folder in Restricted Mode, where Connect and the status bar\'s Test work', async () => {
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    await connectWithApiToken(page, { email: 'dev@example.com', token: DEMO_API_TOKEN }, 'Nora Developer');
    const before = fake.requests.length;
    await statusBarItem(page, statusBarId).click();
    await waitUntil(() => fake.requests.slice(before).find((request) => request.path === '/2.0/user'), 'the test request');
  });

  it('refuses the agent terminal, says why in one sentence and offers Manage Workspace Trust', async () => {
    await runCommand(page, 'Notifications: Clear All Notifications');
    const tabsBefore = await terminalTabs().count();
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    const toast = page.locator('.notification-toast', { hasText: refusal });
    await toast.first().waitFor({ state: 'visible' });
    await screenshot(page, 'agent-terminal-untrusted');
    assert.equal(await terminalTabs().count(), tabsBefore, 'a terminal opened in an untrusted folder');
    await runCommand(page, 'Notifications: Clear All Notifications');
    assert.equal(await consumerEnvironmentNames(), null, 'another extension got the agent environment in an untrusted folder');
    await toast.first().waitFor({ state: 'visible' });
    await toast.getByRole('button', { name: 'Manage Workspace Trust' }).click();
    // VS Code's Workspace Trust editor.
    await page.locator('.workspace-trust-editor').waitFor({ timeout: 30_000 });
  });

  it('once the folder is trusted, the next agent terminal opens with the credentials, without a reload', async () => {
    await page.locator('.workspace-trust-editor').getByRole('button', { name: /^Trust( Folder)?$/ }).first().click();
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Restricted Mode' }).waitFor({ state: 'detached', timeout: 30_000 });
    // The trust editor opens as a modal editor: close it to reach the terminal.
    await runCommand(page, 'View: Close Editor');
    await page.locator('.workspace-trust-editor').waitFor({ state: 'detached' });
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    const file = path.join(server.workspaceFolder, 'agent-env.txt');
    await typeInTerminal(page, `printf '%s' "$BITBUCKET_EMAIL" > ${JSON.stringify(file)}`);
    assert.equal(await waitForFile(file), 'dev@example.com');
    assert.ok((await consumerEnvironmentNames())?.includes('BITBUCKET_API_TOKEN'), 'trusted: the session holder gets the environment');
    await waitForText(statusBarItem(page, statusBarId), /Nora Developer/);
  });
});
