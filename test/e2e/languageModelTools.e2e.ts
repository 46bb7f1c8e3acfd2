// The write tools in a real VS Code (code-server with the packaged VSIX and a second, unpacked test
// extension): another extension calls bitbucket_create_pull_request through vscode.lm.invokeTool,
// outside any chat request. VS Code still asks the user first, in a modal with our confirmation
// text; Cancel sends nothing, Yes sends the POST with the stored credentials. Then no log and no
// tool result holds the token.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { repoRoot } from '../support/repoRoot';
import { launchBrowser, openWorkbench, type BrowserSession } from './support/browser';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { connectWithApiToken, statusBarId } from './support/connectForm';
import { extensionLogs } from './support/extensionLog';
import { makeCanary, needlesFor, newStats, scanBuffer, scanTree } from './support/leakScan';
import { packageExtension } from './support/vsix';
import { waitForFile } from './support/waiting';
import { reportFailure, runCommand, screenshot, statusBarItem } from './support/workbench';

interface ToolResult {
  readonly name: string;
  readonly text?: string;
  readonly error?: string;
}

const canary = makeCanary();
const account = { ...demoAccount(), email: canary.email, secret: canary.token };

describe('e2e language model tools: a write tool confirms in a modal, then posts', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [account] });
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
    await connectWithApiToken(page, { email: canary.email, token: canary.token, workspace: 'acme-eng' }, 'Nora Developer');
    fake.requests.length = 0;
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  const dialog = () => page.locator('.monaco-dialog-box', { hasText: 'Create a Bitbucket pull request?' });
  const posts = () => fake.requests.filter((r) => r.method === 'POST');

  async function createThroughConsumer(answer: string): Promise<ToolResult> {
    const file = path.join(server.workspaceFolder, '.consumer-tool-result.json');
    rmSync(file, { force: true });
    await runCommand(page, 'Consumer: Create a Bitbucket Pull Request Through the Tool');
    await dialog().waitFor({ timeout: 30_000 });
    await dialog().getByRole('button', { name: answer, exact: true }).click();
    return JSON.parse(await waitForFile(file)) as ToolResult;
  }

  it('the modal shows our confirmation text; Cancel sends nothing', async () => {
    const file = path.join(server.workspaceFolder, '.consumer-tool-result.json');
    rmSync(file, { force: true });
    await runCommand(page, 'Consumer: Create a Bitbucket Pull Request Through the Tool');
    await dialog().waitFor({ timeout: 30_000 });
    const text = await dialog().innerText();
    assert.match(text, /Create a pull request in acme-eng\/widgets from branch feature\/tests into the repository's main branch, titled "Add login tests"\./);
    assert.match(text, /Made by the consumer\./);
    await screenshot(page, 'tool-confirmation', [dialog()]);
    await dialog().getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancelled = JSON.parse(await waitForFile(file)) as ToolResult;
    assert.equal(cancelled.text, undefined);
    assert.ok(cancelled.error, 'VS Code rejects the call');
    assert.equal(posts().length, 0, 'nothing was sent');
  });

  it('after Yes, Bitbucket gets the POST with the right body and credentials, and the caller the link', async () => {
    const created = await createThroughConsumer('Yes');
    assert.equal(created.error, undefined);
    // The first line names the account the tool used (the one connected for acme-eng).
    assert.match(created.text ?? '', /^Bitbucket account: "Nora Developer" \(API token [^\n]+\)\nCreated pull request #32 in acme-eng\/widgets: "Add login tests", "feature\/tests" into "main"\.\nLink: https:\/\/bitbucket\.org\/acme-eng\/widgets\/pull-requests\/32$/);
    assert.equal(posts().length, 1);
    const [post] = posts();
    assert.equal(post?.path, '/2.0/repositories/acme-eng/widgets/pullrequests');
    assert.equal(post.authorization, `Basic ${Buffer.from(`${canary.email}:${canary.token}`).toString('base64')}`);
    assert.deepEqual(JSON.parse(post.body ?? ''), { title: 'Add login tests', source: { branch: { name: 'feature/tests' } }, description: 'Made by the consumer.' });
  });

  it('the token is in no tool result and no log', async () => {
    const needles = needlesFor(canary);
    const control = newStats();
    scanBuffer('the Authorization the fake received', Buffer.from(posts()[0]?.authorization ?? ''), needles, control);
    assert.ok(control.hits.length > 0, 'the scan sees the token where it is');
    const logs = extensionLogs(server.userDataDir).join('\n');
    assert.match(logs, /Tool bitbucket_create_pull_request: answered\./, 'the log is the one the tools write to');
    const stats = newStats();
    scanTree(path.join(server.userDataDir, 'logs'), needles, stats);
    scanTree(server.workspaceFolder, needles, stats);
    assert.deepEqual(stats.hits, []);
    assert.ok(stats.files > 5, `scanned ${stats.files} files`);
  });
});
