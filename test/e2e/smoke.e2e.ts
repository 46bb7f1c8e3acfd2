// Smoke test in a real VS Code (code-server + headless Chromium): the packaged extension installs,
// its commands reach the command palette, and its status bar item shows.
import assert from 'node:assert/strict';
import { BrowserSession, launchBrowser, openWorkbench } from './support/browser';
import { CodeServer, startCodeServer } from './support/codeServer';
import { packageExtension } from './support/vsix';
import { statusBarId } from './support/connectForm';
import { findPaletteRow, paletteRowById, reportFailure, screenshot, statusBarItem } from './support/workbench';

describe('e2e smoke: the extension in code-server', function () {
  this.timeout(300_000);
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;

  before(async function () {
    const vsixPath = packageExtension();
    server = await startCodeServer({
      vsixPath,
      // Nothing must reach Bitbucket from a test: point the API at a closed local port.
      machineSettings: { 'nora.bitbucket.apiBaseUrl': 'http://127.0.0.1:9/2.0' },
    });
    browser = await launchBrowser();
    await openWorkbench(browser.page, server.url);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, browser?.page, browser?.consoleLines ?? []);
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
  });

  it('lists "Nora: Connect Bitbucket" in the command palette', async function () {
    const page = browser!.page;
    const row = await findPaletteRow(page, 'Connect Bitbucket');
    assert.equal((await row.getAttribute('aria-label'))?.trim(), 'Nora: Connect Bitbucket');
    assert.equal(await paletteRowById(page, 'nora.bitbucket.connect').count(), 1);
    await screenshot(page, 'smoke-command-palette');
    await page.keyboard.press('Escape');
  });

  it('shows the extension status bar item once activated', async function () {
    const page = browser!.page;
    const item = statusBarItem(page, statusBarId);
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'smoke-status-bar');
  });
});
