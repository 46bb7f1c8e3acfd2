// After a whole session in code-server (connect through the form, test from the status bar, git
// clone/commit/push in an agent terminal, disconnect, reconnect, reload), the token must be nowhere
// but SecretStorage's sealed store: not in any file code-server, VS Code, git, bash or Chromium
// wrote, not in the browser's localStorage/IndexedDB, not in the terminal's scrollback. Nothing is
// whitelisted: the sealed store (localStorage "secrets.provider", AES-GCM) is scanned like the rest,
// and opened with code-server's key half to prove it is where the token is.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/fakeMcpServer';
import { createBareRepository } from '../fakes/gitCommands';
import { startGitHttpServer } from '../fakes/gitHttpServer';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import * as leak from './support/leakScan';
import { secretKeyPrefix } from '../../src/connection/connectionList';
import { packageExtension } from './support/vsix';
import { connectWithApiToken, disconnectThroughForm, statusBarId } from './support/connectForm';
import { typeInTerminal } from './support/terminal';
import { waitForFile, waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, statusBarItem, webviewFrame } from './support/workbench';

const secretsKey = 'secrets.provider'; // VS Code web's sealed SecretStorage in localStorage
/** Each connection's secret is under its own key; VS Code web keys them by extension and key. */
const isOurSecretId = (id: string) => {
  const { extensionId, key } = JSON.parse(id) as { extensionId?: string; key?: string };
  return extensionId === 'nora.nora-bitbucket' && key?.startsWith(secretKeyPrefix) === true;
};

describe('e2e leak scan: the token is nowhere but the sealed SecretStorage after a whole session', function () {
  this.timeout(420_000);
  const canary = leak.makeCanary();
  const needles = leak.needlesFor(canary);
  // A second token planted on purpose where leaks could hide: the scan must find it there.
  const control = leak.makeCanary().token;
  const controlNeedles = [{ name: leak.controlNeedleName, bytes: Buffer.from(control) }];
  let fake: FakeBitbucket;
  let mcp: FakeMcpServer;
  let git: Awaited<ReturnType<typeof startGitHttpServer>>;
  let gitRoot: string;
  let profileDir: string;
  let server: CodeServer;
  let serverRoot: string;
  let browser: BrowserSession | undefined;
  let page: Page;
  let form: FrameLocator;
  let terminalText = '';

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [{ ...demoAccount(), email: canary.email, secret: canary.token }] });
    gitRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-leak-git-'));
    await createBareRepository(gitRoot, 'acme-eng/agent-repo.git');
    git = await startGitHttpServer({ projectRoot: gitRoot, username: 'nora-dev', password: canary.token });
    mcp = await startFakeMcpServer([{ email: canary.email, token: canary.token, apiTokenAccessAllowed: true }]);
    server = await startCodeServer({
      vsixPath: packageExtension(),
      machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url, 'nora.bitbucket.mcpUrl': mcp.url },
      // Persistent sessions on: the agent terminal must still not be saved.
      userSettings: { 'terminal.integrated.enablePersistentSessions': true, 'chat.disableAIFeatures': true },
    });
    serverRoot = path.dirname(server.userDataDir);
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'nora-leak-chromium-'));
    browser = await launchBrowser({ profileDir });
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    page = browser.page;
    await openWorkbench(page, server.url);
    form = webviewFrame(page);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, browser && page, browser?.consoleLines ?? [], 'leak-failed');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await git?.close();
    await mcp?.close();
    await fake?.close();
    if (process.env.NORA_E2E_KEEP === '1') console.log(`      kept ${gitRoot} ${profileDir} ${serverRoot}`);
    else for (const dir of [gitRoot, profileDir, serverRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The token in the sealed secrets, opened with code-server's key half: proves which store holds it. */
  async function sealedToken(): Promise<string | undefined> {
    const sealed = await page.evaluate(`localStorage.getItem(${JSON.stringify(secretsKey)})`);
    assert.equal(typeof sealed, 'string', `no ${secretsKey} in localStorage`);
    for (const needle of needles) assert.ok(!Buffer.from(sealed as string).includes(needle.bytes), `${needle.name} in the sealed store`);
    const secrets = leak.unsealWebSecrets(sealed as string, readFileSync(path.join(server.userDataDir, 'serve-web-key-half')));
    const ours = Object.entries(secrets).filter(([id]) => isOurSecretId(id));
    assert.ok(ours.length <= 1, 'one connection, one secret');
    return ours[0] && (JSON.parse(ours[0][1]) as { secret: string }).secret;
  }

  async function connectThroughForm(): Promise<void> {
    await connectWithApiToken(page, { email: canary.email, token: canary.token, workspace: 'acme-eng' }, 'Nora Developer');
    assert.equal(await form.getByLabel('API token', { exact: true }).inputValue(), '');
  }

  it('connects with the canary token through the form', async () => {
    await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/, 60_000);
    await connectThroughForm();
    await waitUntil(async () => (await sealedToken()) === canary.token || undefined, 'the token in the sealed store');
  });

  it('tests the connection from the status bar', async () => {
    const before = fake.requests.length;
    await statusBarItem(page, statusBarId).click();
    await waitUntil(() => fake.requests.slice(before).find((request) => request.path === '/2.0/user'), 'the test request');
    await waitForText(statusBarItem(page, statusBarId), /Nora Developer/);
  });

  it('clones, commits and pushes in an agent terminal, and keeps its scrollback', async () => {
    const folder = server.workspaceFolder;
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    const repo = `${git.url}/acme-eng/agent-repo.git`;
    await typeInTerminal(
      page,
      `cd ${JSON.stringify(folder)} && export GIT_TERMINAL_PROMPT=0 && unset GIT_ASKPASS && git clone ${repo} clone && cd clone && ` +
        `echo leak-scan > notes.txt && git add notes.txt && git -c user.name=Nora -c user.email=nora@example.com commit -qm 'leak scan' && ` +
        `git push origin HEAD:main; echo $? > ../push.rc; git ls-remote origin; echo ${control}; history -a`,
    );
    assert.equal((await waitForFile(path.join(folder, 'push.rc'), 60_000)).trim(), '0', 'git push failed');
    assert.ok(git.seen.some((seen) => seen.password === canary.token), 'git sent the canary token');
    assert.ok(git.requests.some((request) => request.url.includes('git-receive-pack') && request.authorized), 'no authorized push');
    terminalText = await copyTerminalBuffer();
  });

  it("starts the MCP server from the palette: VS Code's client signs in with the token, and the command names its tools", async () => {
    await runCommand(page, 'Start Bitbucket MCP Server');
    const basic = `Basic ${Buffer.from(`${canary.email}:${canary.token}`).toString('base64')}`;
    await waitUntil(
      () => mcp.requests.find((r) => r.rpcMethod === 'tools/list' && r.authorization === basic && !r.userAgent?.startsWith('nora-bitbucket')),
      "VS Code's tools/list with the token",
      60_000,
    );
    await waitForText(page.locator('.notifications-toasts'), /offers 2 tools to VS Code's agents: listBitbucketRepositories, getBitbucketPullRequest/);
  });

  /** Select All + Copy in the active terminal, read back from the clipboard (the whole buffer, not just what shows). */
  async function copyTerminalBuffer(): Promise<string> {
    return waitUntil(
      async () => {
        await runCommand(page, 'Terminal: Focus Terminal');
        await runCommand(page, 'Terminal: Select All');
        await runCommand(page, 'Terminal: Copy Selection');
        const text = await page.evaluate<string>('navigator.clipboard.readText()');
        return text.includes('refs/heads/main') && text.includes(control) ? text : undefined;
      },
      'the terminal buffer on the clipboard',
      60_000,
    );
  }

  it('disconnects from the form and its confirmation, and the sealed store forgets the token', async () => {
    await disconnectThroughForm(page);
    await waitUntil(async () => ((await sealedToken()) === undefined ? true : undefined), 'the sealed store to drop the token');
  });

  it('reconnects, and the token survives a reload only in the sealed store', async () => {
    await connectThroughForm();
    await leak.plantControl(page, control);
    // VS Code web saves both stores asynchronously (the sealed secrets after store() resolves):
    // reload once both are on disk, so that the reload tests persistence rather than timing.
    const profileScript = `new Promise((resolve) => { const r = indexedDB.open('vscode-web-state-db-global'); r.onsuccess = () => {
      const g = r.result.transaction('ItemTable').objectStore('ItemTable').get('nora.nora-bitbucket'); g.onsuccess = () => { r.result.close(); resolve(g.result || ''); }; }; })`;
    await waitUntil(async () => (await page.evaluate<string>(profileScript)).includes(canary.email) || undefined, 'the profile in IndexedDB');
    await waitUntil(async () => (await sealedToken()) === canary.token || undefined, 'the token in the sealed store');
    // A reload makes the workbench save its state (terminal layout, webview state) and reopen it.
    await page.reload();
    await openWorkbench(page, server.url);
    await waitForText(statusBarItem(page, statusBarId), /Nora Developer/, 60_000);
    assert.equal(await sealedToken(), canary.token);
  });

  it('finds the token in no file, no browser storage entry and no scrollback', async () => {
    const all = [...needles, ...controlNeedles];
    const stats = leak.newStats();
    leak.scanBuffer('terminal scrollback (Select All + Copy)', Buffer.from(terminalText), all, stats);
    const visible = await page.locator('.xterm-rows').allInnerTexts();
    leak.scanBuffer('terminal rows after the reload', Buffer.from(visible.join('\n')), all, stats);
    // Browser storage as the page sees it, the sealed store included (its ciphertext is scanned too).
    const storage = await leak.readBrowserStorage(page);
    if (process.env.NORA_LEAK_VERBOSE === '1') console.log(storage.map((entry) => `      ${entry.where}`).join('\n'));
    leak.scanBrowserEntries(storage, all, stats);
    assert.ok(storage.some((entry) => /mcpServer\.nora\.nora-bitbucket/.test(entry.where)), "the scan missed the MCP server's output");
    await browser?.close(); // Chromium writes its profile (LevelDB, SQLite, sessions) on the way out
    browser = undefined;
    // Stop code-server but keep its directories, so that its logs and databases are complete.
    await server.stop({ keepDirs: true });
    const files = [serverRoot, profileDir, gitRoot].flatMap((root) => leak.scanTree(root, all, stats));

    // The places that matter were scanned, and the control token was found in each of them.
    const has = (pattern: RegExp, what: string): string[] => {
      const found = files.filter((file) => pattern.test(file));
      assert.ok(found.length > 0, `the scan missed ${what}`);
      return found;
    };
    const log = has(/Nora Bitbucket\.log$/, "the extension's log file");
    assert.match(readFileSync(log[0], 'utf8'), /Connect: checking an API token/);
    has(/[\\/]User[\\/]settings\.json$/, 'the user settings');
    has(/[\\/]clone[\\/]\.git[\\/]config$/, "the clone's .git/config");
    const controlHits = leak.assertControlFound(stats, [
      [/^terminal scrollback/, 'the terminal scrollback'],
      [/ localStorage nora-leak-control$/, 'localStorage, read in the page'],
      [/ IndexedDB nora-leak-control\//, 'IndexedDB, read in the page'],
      [/[\\/]Local Storage[\\/]leveldb[\\/]/, "Chromium's localStorage files"],
      [/[\\/]IndexedDB[\\/]/, "Chromium's IndexedDB files"],
      [/[\\/]home[\\/]\.bash_history$/, 'the bash history'],
    ]);
    leak.assertNothingLeaked(stats, controlHits.length, `; terminal scrollback ${terminalText.length} chars`);
  });
});
