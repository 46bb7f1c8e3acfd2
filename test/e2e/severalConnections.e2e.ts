// Several connections in a real VS Code (issue 25): a work account (workspace acme-eng) and a
// personal one (ada-home) on the Cloud fake, and a Data Center token, each connected through the
// form. Each folder's git remote picks its connection; an agent terminal pushes as that account;
// Switch Bitbucket Account and the Accounts menu list all three; signing out of one leaves the
// others; a second window follows; and afterwards no secret is anywhere but the sealed store.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoAccount, startFakeBitbucket, type FakeAccount, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeDataCenter, type FakeDataCenter } from '../fakes/fakeDataCenter';
import { createBareRepository, runGit } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';
import { openAccountsMenu, openConnectionPick, plain, signOutInAccountsMenu, statusTooltip, switchListRows } from './support/accounts';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { connectDataCenterToken, connectWithApiToken, statusBarId } from './support/connectForm';
import * as leak from './support/leakScan';
import { typeInTerminal } from './support/terminal';
import { packageExtension } from './support/vsix';
import { waitForFile, waitForText, waitUntil } from './support/waiting';
import { escapeRegExp, reportFailure, runCommand, screenshot, selectors, statusBarItem } from './support/workbench';

// The secrets are canaries for the leak scan; the emails are plain, for the README's pictures.
const workSecret = { ...leak.makeCanary(), email: 'dev@example.com' };
const homeSecret = { ...leak.makeCanary(), email: 'ada@example.com' };
const dataCenterSecret = { ...leak.makeCanary(), email: 'jdoe' }; // git signs in as jdoe:<token>
const work: FakeAccount = { ...demoAccount(), secret: workSecret.token };
const home: FakeAccount = {
  ...demoAccount(),
  email: homeSecret.email,
  username: 'ada-l',
  nickname: 'ada-l',
  secret: homeSecret.token,
  displayName: 'Ada Lovelace',
  accountId: '712020:3c1f9a2e-7d4b-4e8a-b6c5-2f9e1d7a4b30',
  uuid: '{8e2b6d4f-3a1c-4f7e-9b5d-1c7a3e9f5b62}',
  workspaces: { 'ada-home': 'owner' },
};
const dataCenterName = 'Bitbucket DC: Jane Doe';

/** `YYYY-MM-DD`, `days` from today, local time (what the form's date field takes). */
function localDateIn(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

describe('e2e several connections: two Cloud accounts and Data Center, each folder its own', function () {
  this.timeout(300_000);
  const control = leak.makeCanary().token;
  // Each token its own date, typed as a user would (the form keeps the last date it showed).
  const expiries = { work: localDateIn(90), home: localDateIn(30), dataCenter: localDateIn(180) };
  let cloud: FakeBitbucket;
  let dataCenter: FakeDataCenter;
  let git: GitHttpServer;
  let gitRoot: string;
  let foldersRoot: string;
  let folders: { plain: string; work: string; home: string; dataCenter: string };
  let profileDir: string;
  let server: CodeServer;
  let browser: BrowserSession | undefined;
  let page: Page;

  before(async () => {
    cloud = await startFakeBitbucket({ accounts: [work, home] });
    dataCenter = await startFakeDataCenter({ demo: true });
    dataCenter.tokens.push({ secret: dataCenterSecret.token, kind: 'personal', userSlug: 'jdoe', permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] });
    gitRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-several-git-'));
    await createBareRepository(gitRoot, 'acme-eng/widgets.git');
    await createBareRepository(gitRoot, 'ada-home/notes.git');
    // Each account reaches only its own workspace, as on bitbucket.org.
    git = await startGitHttpServer({
      projectRoot: gitRoot,
      logins: [
        { username: work.username, password: work.secret, workspaces: ['acme-eng'] },
        { username: home.username, password: home.secret, workspaces: ['ada-home'] },
      ],
    });
    foldersRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-several-folders-'));
    const inRoot = (name: string) => path.join(foldersRoot, name);
    folders = { plain: inRoot('plain'), work: inRoot('widgets'), home: inRoot('notes'), dataCenter: inRoot('dc-widgets') };
    const remotes = {
      [folders.work]: `${git.url}/acme-eng/widgets.git`,
      [folders.home]: `${git.url}/ada-home/notes.git`,
      [folders.dataCenter]: `${dataCenter.serverUrl}/scm/PROJ/widgets.git`,
    };
    for (const folder of Object.values(folders)) {
      mkdirSync(folder);
      await runGit(['init', '-q', '-b', 'topic'], { cwd: folder });
      if (remotes[folder]) await runGit(['remote', 'add', 'origin', remotes[folder]], { cwd: folder });
    }
    server = await startCodeServer({
      vsixPath: packageExtension(),
      workspaceFolder: folders.plain,
      machineSettings: { 'nora.bitbucket.apiBaseUrl': cloud.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url },
      userSettings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true },
    });
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'nora-several-chromium-'));
    browser = await launchBrowser({ profileDir });
    page = browser.page;
    await openFolder(page, folders.plain);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, browser && page, browser?.consoleLines ?? [], 'several-failed');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await git?.close();
    await cloud?.close();
    await dataCenter?.close();
    for (const dir of [gitRoot, foldersRoot, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `folder` in the window (a reload into another workspace). */
  function openFolder(target: Page, folder: string): Promise<void> {
    return openWorkbench(target, `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folder)}`);
  }

  const connectCloud = (account: FakeAccount, workspace: string, expiresOn: string) =>
    connectWithApiToken(page, { email: account.email ?? '', token: account.secret, workspace, expiresOn }, account.displayName);
  const connectDataCenter = () =>
    connectDataCenterToken(page, { serverUrl: dataCenter.serverUrl, token: dataCenterSecret.token, projectKey: 'PROJ', expiresOn: expiries.dataCenter }, 'Jane Doe');

  const status = (target: Page = page) => statusBarItem(target, statusBarId);

  /** A tab's blur or focus, sent by hand: headless Chromium reports every tab as focused. */
  const setFocus = (tab: Page, focused: boolean) =>
    tab.evaluate(`document.hasFocus = () => ${focused}; window.dispatchEvent(new FocusEvent('${focused ? 'focus' : 'blur'}'))`);

  /** Runs `commands` in a new agent terminal of this window and returns its first screen line and the exit code. */
  async function inAgentTerminal(folder: string, name: string, commands: string): Promise<{ banner: string; rc: string; output: string }> {
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    const banner = await waitForText(page.locator(selectors.terminalRows), /Nora: Bitbucket as .*\./, 60_000);
    await typeInTerminal(page, `cd ${JSON.stringify(folder)} && (export GIT_TERMINAL_PROMPT=0; unset GIT_ASKPASS; ${commands}) > ${name}.txt 2>&1; echo $? > ${name}.rc; history -a`);
    const rc = (await waitForFile(path.join(folder, `${name}.rc`), 60_000)).trim();
    return { banner: plain(banner), rc, output: readFileSync(path.join(folder, `${name}.txt`), 'utf8') };
  }

  const pushCommands = (branch: string) =>
    `git -c user.name=Nora -c user.email=nora@example.invalid commit -q --allow-empty -m ${branch} && git push -q origin HEAD:refs/heads/${branch}; echo ${control}`;

  it('connects a work account, a personal account and a Data Center token through the form: each Connect adds one', async () => {
    await waitForText(status(), /Connect Bitbucket/, 60_000);
    await connectCloud(work, 'acme-eng', expiries.work);
    await waitForText(status(), /Nora Developer/);
    await connectCloud(home, 'ada-home', expiries.home);
    await waitForText(status(), /Ada Lovelace/);
    await connectDataCenter();
    // Connect picks the new connection for this window (no remote here).
    await waitForText(status(), new RegExp(escapeRegExp(dataCenterName)));
    const { texts } = await switchListRows(page);
    await page.keyboard.press('Escape');
    assert.equal(texts.length, 3, texts.join('\n'));
  });

  it("each folder's git remote picks its connection, and the tooltip says so", async () => {
    for (const [folder, name] of [[folders.work, 'Nora Developer'], [folders.home, 'Ada Lovelace'], [folders.dataCenter, dataCenterName]] as const) {
      await openFolder(page, folder);
      await waitForText(status(), new RegExp(escapeRegExp(name)), 60_000);
      const tooltip = await statusTooltip(page, /Used here: matches this folder's remote/);
      assert.match(tooltip, new RegExp(`Bitbucket: ${escapeRegExp(name)}`), `${folder}: ${tooltip}`);
    }
  });

  it("an agent terminal in each folder pushes as that folder's account", async () => {
    await openFolder(page, folders.work);
    await waitForText(status(), /Nora Developer/, 60_000);
    let seen = git.seen.length;
    const workPush = await inAgentTerminal(folders.work, 'push-work', pushCommands('from-work'));
    assert.equal(workPush.rc, '0', workPush.output);
    assert.match(workPush.banner, /Nora: Bitbucket as Nora Developer: API token \(dev@example\.com\) on /);
    assert.deepEqual([...new Set(git.seen.slice(seen).map((credential) => credential.username))], [work.username], 'only the work account was sent');
    assert.ok(git.requests.some((request) => request.url.startsWith('/acme-eng/widgets.git/git-receive-pack') && request.authorized));

    await openFolder(page, folders.home);
    await waitForText(status(), /Ada Lovelace/, 60_000);
    seen = git.seen.length;
    const homePush = await inAgentTerminal(folders.home, 'push-home', pushCommands('from-home'));
    assert.equal(homePush.rc, '0', homePush.output);
    assert.match(homePush.banner, /Nora: Bitbucket as Ada Lovelace: API token \(ada@example\.com\) on /);
    assert.deepEqual([...new Set(git.seen.slice(seen).map((credential) => credential.username))], [home.username], 'only the personal account was sent');
    assert.ok(git.requests.some((request) => request.url.startsWith('/ada-home/notes.git/git-receive-pack') && request.authorized));

    await openFolder(page, folders.dataCenter);
    await waitForText(status(), new RegExp(escapeRegExp(dataCenterName)), 60_000);
    seen = dataCenter.seenAuthorizations.length;
    const before = dataCenter.requests.length;
    const dataCenterPush = await inAgentTerminal(folders.dataCenter, 'push-dc', pushCommands('from-dc'));
    assert.equal(dataCenterPush.rc, '0', dataCenterPush.output);
    assert.match(dataCenterPush.banner, /Nora: Bitbucket as Bitbucket DC: Jane Doe: Data Center personal token on /);
    assert.ok(dataCenter.requests.slice(before).some((request) => request.path.endsWith('/git-receive-pack')), 'the push reached Data Center');
    assert.deepEqual([...new Set(dataCenter.seenAuthorizations.slice(seen))], [`Basic jdoe:${dataCenterSecret.token}`]);
  });

  /**
   * Leaves the window and comes back until the status bar matches: the window reads the remotes
   * again on focus, and VS Code's Git may notice a changed .git/config only a moment later (a
   * change made in the window's own terminal, with no focus change, waits for the next one).
   */
  async function refocusUntil(pattern: RegExp): Promise<void> {
    await waitUntil(async () => {
      await setFocus(page, false);
      await setFocus(page, true);
      await page.waitForTimeout(1000);
      return pattern.test((await status().textContent()) ?? '') || undefined;
    }, `the status bar to show ${pattern} after a focus change`, 30_000);
  }

  it('a remote changed with git remote set-url picks the other connection once the window gains focus again', async () => {
    await openFolder(page, folders.work);
    await waitForText(status(), /Nora Developer/, 60_000);
    const workRemote = `${git.url}/acme-eng/widgets.git`;
    try {
      await runGit(['remote', 'set-url', 'origin', `${git.url}/ada-home/notes.git`], { cwd: folders.work });
      await refocusUntil(/Ada Lovelace/);
      await statusTooltip(page, /Used here: matches this folder's remote/);
    } finally {
      await runGit(['remote', 'set-url', 'origin', workRemote], { cwd: folders.work });
    }
    await refocusUntil(/Nora Developer/);
  });

  it('Switch Bitbucket Account lists every connection with kind, host, workspace and expiry, and a pick switches a folder without a matching remote', async () => {
    await openFolder(page, folders.plain);
    await waitForText(status(), new RegExp(escapeRegExp(dataCenterName)), 60_000);
    const { rows, texts } = await switchListRows(page);
    const gitHost = new URL(git.url).host;
    assert.equal(texts.length, 3, texts.join('\n'));
    const row = (name: string) => texts.find((text) => text.startsWith(name)) ?? assert.fail(`no row for ${name}: ${texts.join('\n')}`);
    assert.match(row('Nora Developer'), new RegExp(`API token \\(dev@example\\.com\\) · ${escapeRegExp(gitHost)} · acme-eng.*Expires ${expiries.work}`));
    assert.match(row('Ada Lovelace'), new RegExp(`API token \\(ada@example\\.com\\) · ${escapeRegExp(gitHost)} · ada-home.*Expires ${expiries.home}`));
    assert.match(row(dataCenterName), new RegExp(`Data Center personal token · ${escapeRegExp(dataCenter.serverUrl)} · PROJ.*In use here: your choice for this workspace.*Expires ${expiries.dataCenter}`));
    assert.equal(texts.filter((text) => /In use here/.test(text)).length, 1, 'one connection is marked as in use');
    await screenshot(page, 'switch-account-list', [page.locator(selectors.quickInput)]); // for the README
    await rows.filter({ hasText: 'Ada Lovelace' }).click();
    await waitForText(status(), /Ada Lovelace/);
    await statusTooltip(page, /Used here: your choice for this workspace/);
  });

  it('the Accounts menu lists all three accounts under "Bitbucket (Nora)"', async () => {
    const entries = await openAccountsMenu(page);
    const labels = (await entries.allTextContents()).map(plain);
    assert.equal(labels.length, 3, labels.join('\n'));
    for (const account of [/dev@example\.com/, /ada@example\.com/, /jdoe|Jane Doe/]) assert.ok(labels.some((label) => account.test(label)), `${account} in ${labels.join(', ')}`);
    // For the README: the menu with the Accounts button it opens from.
    await screenshot(page, 'accounts-menu', [page.locator('.monaco-menu-container').last(), page.getByRole('button', { name: /^Accounts/ }).first()]);
    await page.keyboard.press('Escape');
  });

  it('signing out of one account leaves the other two', async () => {
    await signOutInAccountsMenu(page, /ada@example\.com/);
    // This workspace's pick is gone: the newest of the others takes over.
    await waitForText(status(), new RegExp(escapeRegExp(dataCenterName)));
    const { texts } = await switchListRows(page);
    await page.keyboard.press('Escape');
    assert.deepEqual(texts.map((text) => text.replace(/API token.*|Data Center.*/, '')).sort(), [dataCenterName, 'Nora Developer']);
    assert.equal((await openAccountsMenu(page).then((entries) => entries.count())), 2);
    await page.keyboard.press('Escape');
  });

  describe('a second window', () => {
    let other: Page;

    before(async () => {
      other = await browser!.context.newPage();
      await openFolder(other, folders.plain);
      await waitForText(status(other), new RegExp(escapeRegExp(dataCenterName)), 60_000);
    });

    after(() => other?.close());

    /** What a tab switch does, done by hand: headless Chromium reports every tab as focused. */
    async function switchTo(target: Page): Promise<void> {
      await setFocus(target === page ? other : page, false);
      await setFocus(target, true);
      await target.bringToFront();
    }

    const namesIn = async (target: Page) => {
      const { texts } = await switchListRows(target);
      await target.keyboard.press('Escape');
      return texts.map((text) => text.replace(/API token.*|Data Center.*/, '')).sort();
    };

    it('follows an add in the first window', async () => {
      await switchTo(page);
      await connectCloud(home, 'ada-home', expiries.home);
      await waitForText(status(), /Ada Lovelace/);
      await switchTo(other);
      await waitUntil(async () => ((await namesIn(other)).length === 3 ? true : undefined), 'the added connection in the second window', 20_000);
    });

    it('follows a switch in the first window', async () => {
      await switchTo(page);
      const rows = await openConnectionPick(page, 'Switch Bitbucket Account', 'Switch Bitbucket Account');
      await rows.filter({ hasText: 'Nora Developer' }).click();
      await waitForText(status(), /Nora Developer/);
      await switchTo(other);
      await waitForText(status(other), /Nora Developer/, 20_000);
    });

    it('follows a remove in the first window', async () => {
      await switchTo(page);
      const rows = await openConnectionPick(page, 'Disconnect Bitbucket', 'Disconnect Bitbucket');
      await rows.filter({ hasText: 'Nora Developer' }).click();
      await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Disconnect', exact: true }).click();
      await waitForText(status(), /^(?![\s\S]*Nora Developer)[\s\S]*\S/);
      await switchTo(other);
      await waitForText(status(other), /^(?![\s\S]*Nora Developer)[\s\S]*\S/, 20_000);
      assert.deepEqual(await namesIn(other), ['Ada Lovelace', dataCenterName]);
    });
  });

  // After the nested suite above (mocha runs a suite's own tests before its nested suites).
  describe('the leak scan', () => {
    it('with three connections again, each secret is in the sealed SecretStorage and nowhere else', async () => {
      await connectCloud(work, 'acme-eng', expiries.work);
      const all = [workSecret.token, homeSecret.token, dataCenterSecret.token].sort();
      await waitUntil(async () => ((await leak.sealedSecretsOf(page, server.userDataDir, 'nora.bitbucket.secret.')).sort().join() === all.join() ? true : undefined), 'three secrets in the sealed store');
      await leak.plantControl(page, control);
      await page.reload();
      await openWorkbench(page, `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folders.plain)}`);
      await waitForText(status(), /Nora Developer/, 60_000);
      assert.deepEqual((await leak.sealedSecretsOf(page, server.userDataDir, 'nora.bitbucket.secret.')).sort(), all, 'the secrets survive a reload in the sealed store');

      const needles = [...leak.needlesFor(workSecret), ...leak.needlesFor(homeSecret), ...leak.needlesFor(dataCenterSecret), { name: leak.controlNeedleName, bytes: Buffer.from(control) }];
      const stats = leak.newStats();
      leak.scanBuffer('terminal rows after the reload', Buffer.from((await page.locator('.xterm-rows').allInnerTexts()).join('\n')), needles, stats);
      leak.scanBrowserEntries(await leak.readBrowserStorage(page), needles, stats);
      await browser?.close(); // Chromium writes its profile on the way out
      browser = undefined;
      const serverRoot = path.dirname(server.userDataDir);
      await server.stop({ keepDirs: true });
      try {
        const files = [serverRoot, profileDir, gitRoot, foldersRoot].flatMap((root) => leak.scanTree(root, needles, stats));
        assert.ok(files.some((file) => /Nora Bitbucket\.log$/.test(file)), "the scan missed the extension's log file");
        assert.ok(files.some((file) => /[\\/]notes[\\/]\.git[\\/]config$/.test(file)), "the scan missed a folder's .git/config");
        const controlHits = leak.assertControlFound(stats, [
          [/ localStorage nora-leak-control$/, 'localStorage, read in the page'],
          [/ IndexedDB nora-leak-control\//, 'IndexedDB, read in the page'],
          [/[\\/]Local Storage[\\/]leveldb[\\/]/, "Chromium's localStorage files"],
          [/[\\/]home[\\/]\.bash_history$/, 'the bash history'],
        ]);
        leak.assertNothingLeaked(stats, controlHits.length);
      } finally {
        if (process.env.NORA_E2E_KEEP !== '1') rmSync(serverRoot, { recursive: true, force: true });
      }
    });
  });
});
