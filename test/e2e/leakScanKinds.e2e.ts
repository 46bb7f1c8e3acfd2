// The leak scan over the Bearer kinds (issue 24): a Data Center project token, which git in an
// agent terminal sends as an `http.<server>/.extraHeader`, and a Cloud access token, each
// connected through the form, tested, used for a push, then the window reloaded. Afterwards
// neither token may be in any file code-server, VS Code, git, bash or Chromium wrote, in the
// browser's storage or on screen; a control token planted on purpose must be found.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeDataCenter, type FakeDataCenter } from '../fakes/fakeDataCenter';
import { createBareRepository } from '../fakes/gitCommands';
import { startGitHttpServer } from '../fakes/gitHttpServer';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { statusBarId } from './support/connectForm';
import * as leak from './support/leakScan';
import { typeInTerminal } from './support/terminal';
import { packageExtension } from './support/vsix';
import { waitForFile, waitForText } from './support/waiting';
import { reportFailure, runCommand, statusBarItem, webviewFrame } from './support/workbench';

describe('e2e leak scan: a Data Center project token and a Cloud access token are nowhere after a session', function () {
  this.timeout(420_000);
  const dataCenterToken = leak.makeCanary();
  const accessToken = leak.makeCanary();
  const needles = [...leak.needlesFor(dataCenterToken), ...leak.needlesFor(accessToken)];
  const control = leak.makeCanary().token;
  let dataCenter: FakeDataCenter;
  let cloud: FakeBitbucket;
  let git: Awaited<ReturnType<typeof startGitHttpServer>>;
  let gitRoot: string;
  let profileDir: string;
  let server: CodeServer;
  let serverRoot: string;
  let browser: BrowserSession | undefined;
  let page: Page;
  let form: FrameLocator;

  before(async () => {
    dataCenter = await startFakeDataCenter({ demo: true });
    dataCenter.tokens.push({ secret: dataCenterToken.token, kind: 'project', userSlug: 'project-proj-bot', projectKey: 'PROJ', permissions: ['PROJECT_READ', 'REPO_WRITE'] });
    cloud = await startFakeBitbucket({ accessTokens: [{ kind: 'repository', secret: accessToken.token, workspace: 'acme-eng', repository: 'widgets', scopes: ['repository', 'repository:write'] }] });
    gitRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-leak-kinds-git-'));
    await createBareRepository(gitRoot, 'acme-eng/widgets.git');
    git = await startGitHttpServer({ projectRoot: gitRoot, username: 'x-token-auth', password: accessToken.token });
    server = await startCodeServer({
      vsixPath: packageExtension(),
      machineSettings: { 'nora.bitbucket.apiBaseUrl': cloud.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url },
      // Persistent sessions on: the agent terminals, and their git configuration, must still not be saved.
      userSettings: { 'terminal.integrated.enablePersistentSessions': true, 'chat.disableAIFeatures': true },
    });
    serverRoot = path.dirname(server.userDataDir);
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'nora-leak-kinds-chromium-'));
    browser = await launchBrowser({ profileDir });
    page = browser.page;
    await openWorkbench(page, server.url);
    form = webviewFrame(page);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, browser && page, browser?.consoleLines ?? [], 'leak-kinds-failed');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await git?.close();
    await cloud?.close();
    await dataCenter?.close();
    for (const dir of [gitRoot, profileDir, serverRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openForm(kind: string): Promise<void> {
    await runCommand(page, 'Connect Bitbucket');
    await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await form.getByLabel(kind).check();
  }

  /** Runs `commands` in a new agent terminal and waits for their exit code. */
  async function inAgentTerminal(commands: string, rcFile: string): Promise<void> {
    const folder = server.workspaceFolder;
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    await typeInTerminal(page, `cd ${JSON.stringify(folder)} && (export GIT_TERMINAL_PROMPT=0; unset GIT_ASKPASS; ${commands}) > ${rcFile}.txt 2>&1; echo $? > ${rcFile}; history -a`);
    assert.equal((await waitForFile(path.join(folder, rcFile), 60_000)).trim(), '0', `${rcFile} failed`);
  }

  it('connects the Data Center project token through the form, tests it, and pushes with it as a header', async () => {
    await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/, 60_000);
    await openForm('Data Center (HTTP access token)');
    await form.getByRole('textbox', { name: 'Server URL' }).fill(dataCenter.serverUrl);
    await form.getByLabel('HTTP access token', { exact: true }).fill(dataCenterToken.token);
    await form.getByRole('textbox', { name: 'Project key (optional)' }).fill('PROJ');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket Data Center/);
    assert.equal(await form.getByLabel('HTTP access token', { exact: true }).inputValue(), '');
    await statusBarItem(page, statusBarId).click();
    await waitForText(statusBarItem(page, statusBarId), /Bitbucket DC: /);
    await inAgentTerminal(
      `git clone -q "$BITBUCKET_SERVER_URL/scm/PROJ/widgets.git" dc-clone && cd dc-clone && git -c user.name=Bot -c user.email=bot@example.invalid commit -q --allow-empty -m leak && git push -q origin HEAD:main; echo ${control}`,
      'dc-push.rc',
    );
    assert.ok(dataCenter.seenAuthorizations.includes(`Bearer ${dataCenterToken.token}`));
  });

  it('connects the Cloud access token through the form and pushes with it as x-token-auth', async () => {
    await openForm('Access token (repository, project or workspace)');
    await form.getByRole('textbox', { name: 'Workspace', exact: true }).fill('acme-eng');
    await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('widgets');
    await form.getByLabel('Access token', { exact: true }).fill(accessToken.token);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(statusBarItem(page, statusBarId), /acme-eng\/widgets \(access token\)/);
    await inAgentTerminal(
      `git clone -q ${git.url}/acme-eng/widgets.git cloud-clone && cd cloud-clone && git -c user.name=Bot -c user.email=bot@example.invalid commit -q --allow-empty -m leak && git push -q origin HEAD:main`,
      'cloud-push.rc',
    );
    assert.ok(git.seen.some((seen) => seen.password === accessToken.token));
    await leak.plantControl(page, control);
    await page.reload();
    await openWorkbench(page, server.url);
    await waitForText(statusBarItem(page, statusBarId), /acme-eng\/widgets \(access token\)/, 60_000);
  });

  it('finds neither token in any file, browser storage entry or terminal row', async () => {
    const all = [...needles, { name: leak.controlNeedleName, bytes: Buffer.from(control) }];
    const stats = leak.newStats();
    leak.scanBuffer('terminal rows after the reload', Buffer.from((await page.locator('.xterm-rows').allInnerTexts()).join('\n')), all, stats);
    leak.scanBrowserEntries(await leak.readBrowserStorage(page), all, stats);
    await browser?.close(); // Chromium writes its profile on the way out
    browser = undefined;
    await server.stop({ keepDirs: true });
    const files = [serverRoot, profileDir, gitRoot].flatMap((root) => leak.scanTree(root, all, stats));
    assert.ok(files.some((file) => /Nora Bitbucket\.log$/.test(file)), "the scan missed the extension's log file");
    const controlHits = leak.assertControlFound(stats, [
      [/ localStorage nora-leak-control$/, 'localStorage, read in the page'],
      [/[\\/]home[\\/]\.bash_history$/, 'the bash history'],
    ]);
    leak.assertNothingLeaked(stats, controlHits.length);
  });
});
