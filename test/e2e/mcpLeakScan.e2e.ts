// The MCP server at trace level: VS Code's MCP client then logs every request it sends, with its
// headers (it writes "***" for Authorization). After connect, a start from the palette, a
// reconnect with a second token and a disconnect, neither token may be anywhere but the sealed
// SecretStorage: not in the MCP server's output, not in any log, file or browser storage entry.
// Its own session, without agent terminals: at debug level and below VS Code logs a terminal's
// whole environment (leakScan.e2e.ts covers those at the default level).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/fakeMcpServer';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { connectWithApiToken, disconnectThroughForm, statusBarId } from './support/connectForm';
import * as leak from './support/leakScan';
import { packageExtension } from './support/vsix';
import { waitForText, waitUntil } from './support/waiting';
import { findPaletteRow, runCommand, screenshot, selectors, statusBarItem } from './support/workbench';

describe('e2e MCP leak scan: at trace level, the tokens are nowhere but the sealed SecretStorage', function () {
  this.timeout(420_000);
  const first = leak.makeCanary();
  const second = { ...leak.makeCanary(), email: first.email };
  const needles = [...leak.needlesFor(first), ...leak.needlesFor(second)];
  const control = leak.makeCanary().token;
  let fake: FakeBitbucket;
  let mcp: FakeMcpServer;
  let server: CodeServer;
  let profileDir: string;
  let browser: BrowserSession | undefined;
  let page: Page;
  const basic = (token: string) => `Basic ${Buffer.from(`${first.email}:${token}`).toString('base64')}`;
  const fromVsCode = (since: number) => mcp.requests.slice(since).filter((request) => !request.userAgent?.startsWith('nora-bitbucket'));

  before(async () => {
    const account = { ...demoAccount(), email: first.email };
    fake = await startFakeBitbucket({ accounts: [{ ...account, secret: first.token }, { ...account, secret: second.token }] });
    mcp = await startFakeMcpServer([
      { email: first.email, token: first.token, apiTokenAccessAllowed: true },
      { email: first.email, token: second.token, apiTokenAccessAllowed: true },
    ]);
    server = await startCodeServer({
      vsixPath: packageExtension(),
      machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl, 'nora.bitbucket.mcpUrl': mcp.url },
      logLevel: 'trace',
    });
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'nora-mcp-leak-chromium-'));
    browser = await launchBrowser({ profileDir });
    page = browser.page;
    await openWorkbench(page, server.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      console.log(`  screenshot: ${await screenshot(page, `mcp-leak-failed-${this.currentTest.title}`)}`);
      console.log(`  MCP requests: ${JSON.stringify(mcp.requests.map((r) => [r.rpcMethod ?? r.httpMethod, r.status, r.userAgent]))}`);
      console.log(`  browser console (last 30):\n    ${browser.consoleLines.slice(-30).join('\n    ')}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await mcp?.close();
    await fake?.close();
    if (process.env.NORA_E2E_KEEP === '1') console.log(`      kept ${profileDir} ${path.dirname(server.userDataDir)}`);
    else if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  async function startFromPalette(token: string): Promise<void> {
    const seen = mcp.requests.length;
    await runCommand(page, 'Start Bitbucket MCP Server');
    const listed = () => fromVsCode(seen).find((request) => request.rpcMethod === 'tools/list' && request.authorization === basic(token));
    await waitUntil(listed, "VS Code's tools/list with the token", 120_000);
    await waitForText(page.locator('.notifications-toasts'), /offers 2 tools to VS Code's agents/);
  }

  it('connects, and the Start command starts the server with the first token', async () => {
    await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/, 60_000);
    await connectWithApiToken(page, { email: first.email, token: first.token }, 'Nora Developer');
    await startFromPalette(first.token);
    await runCommand(page, 'View: Close All Editors');
    await (await findPaletteRow(page, 'MCP: List Servers')).click(); // it opens a list of its own
    await page.locator(selectors.quickInputRow).filter({ hasText: 'Bitbucket (Nora)' }).first().waitFor({ state: 'visible' });
    console.log(`      screenshot: ${await screenshot(page, 'mcp-list-servers')}`);
    await page.keyboard.press('Escape');
  });

  it('reconnects with a second token: the next start carries it', async () => {
    await connectWithApiToken(page, { email: first.email, token: second.token }, 'Nora Developer');
    const seen = mcp.requests.length;
    await startFromPalette(second.token);
    assert.ok(fromVsCode(seen).every((request) => request.authorization === basic(second.token)));
    await leak.plantControl(page, control);
  });

  it('disconnects: no request reaches the MCP server after it', async () => {
    await disconnectThroughForm(page);
    const seen = mcp.requests.length;
    await runCommand(page, 'Start Bitbucket MCP Server');
    await waitForText(page.locator('.notifications-toasts'), /Bitbucket is not connected/);
    assert.deepEqual(mcp.requests.slice(seen), []);
  });

  it('finds neither token in the MCP output, any log, file or browser storage entry', async () => {
    const all = [...needles, { name: 'control', bytes: Buffer.from(control) }];
    const stats = leak.newStats();
    const storage = await leak.readBrowserStorage(page);
    if (process.env.NORA_LEAK_VERBOSE === '1') console.log(storage.map((entry) => `      ${entry.where}`).join('\n'));
    leak.scanBrowserEntries(storage, all, stats);
    // The MCP server's output, as the workbench keeps it: trace lines with the header redacted.
    const mcpLog = storage.filter((entry) => /mcpServer/.test(entry.where));
    assert.ok(mcpLog.length > 0, `no MCP server log among ${storage.length} browser entries`);
    const mcpText = mcpLog.map((entry) => entryText(entry.value)).join('\n');
    assert.match(mcpText, /\[trace\] Fetching http:\/\/127\.0\.0\.1:\d+\/v1\/mcp with options: .*"Authorization":"\*\*\*"/);
    await browser?.close();
    browser = undefined;
    await server.stop({ keepDirs: true });
    leak.scanTree(path.dirname(server.userDataDir), all, stats);
    leak.scanTree(profileDir, all, stats);
    if (process.env.NORA_E2E_KEEP !== '1') rmSync(path.dirname(server.userDataDir), { recursive: true, force: true });

    const controlHits = stats.hits.filter((hit) => hit.needle === 'control');
    assert.ok(controlHits.length > 0, 'the control value was not found: the scan cannot see');
    const hits = stats.hits.filter((hit) => hit.needle !== 'control');
    console.log(`      MCP leak scan: ${stats.files} files, ${stats.bytes} bytes, ${stats.browserEntries} browser entries, ${hits.length} hits (control found in ${controlHits.length} places)`);
    assert.deepEqual(hits.map((hit) => `${hit.needle} in ${hit.where} at ${hit.offset}`), [], 'a token leaked');
  });
});

/** The text in a browser entry: strings, and `{ $bytes }` (binary values, base64) decoded as UTF-8. */
function entryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(entryText).join('\n');
  if (value && typeof value === 'object') {
    const bytes = (value as { $bytes?: unknown }).$bytes;
    if (typeof bytes === 'string') return Buffer.from(bytes, 'base64').toString('utf8');
    return Object.values(value).map(entryText).join('\n');
  }
  return '';
}
