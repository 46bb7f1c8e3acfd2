// A Cloud repository access token (a bot identity, issue 24) in a real VS Code: connect through the
// form by its labels, Test from the status bar, and push from an agent terminal as x-token-auth
// without a prompt.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO_ACCESS_TOKEN, demoRepositoryAccessToken, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { createBareRepository } from '../fakes/gitCommands';
import { startGitHttpServer } from '../fakes/gitHttpServer';
import { blocking, describeViolations, runAxe, webviewContentFrame } from './support/axe';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { statusBarId } from './support/connectForm';
import type { FocusableElement } from './support/keyboardFlow';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { typeInTerminal } from './support/terminal';
import { waitForFile, waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, screenshot, statusBarItem, webviewFrame } from './support/workbench';

describe('e2e access token: connect a repository access token, test, push from an agent terminal', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let git: Awaited<ReturnType<typeof startGitHttpServer>>;
  let gitRoot: string;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;
  let form: FrameLocator;
  const identity = '/2.0/repositories/acme-eng/widgets';

  before(async () => {
    fake = await startFakeBitbucket({ accessTokens: [demoRepositoryAccessToken()] });
    gitRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-e2e-bot-git-'));
    await createBareRepository(gitRoot, 'acme-eng/widgets.git');
    // Git over HTTPS takes an access token with the user name x-token-auth (issue 24).
    git = await startGitHttpServer({ projectRoot: gitRoot, username: 'x-token-auth', password: DEMO_ACCESS_TOKEN });
    ({ server, browser, page } = await openPackagedWorkbench({ 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url }));
    form = webviewFrame(page);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await git?.close();
    await fake?.close();
    rmSync(gitRoot, { recursive: true, force: true });
  });

  it('shows only the access token fields, asks for the repository under its field, then connects with Bearer', async () => {
    await runCommand(page, 'Connect Bitbucket');
    await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
    // By keyboard, as the other kinds: the arrow key moves within the "Credential type" group.
    await form.getByLabel('API token (recommended)').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await form.getByLabel('Access token (repository, project or workspace)').isChecked(), true);
    assert.equal(await form.getByLabel('Atlassian account email').isVisible(), false);
    // Hints name what an access token needs, and stay tied to their fields.
    await waitForText(form.locator('#workspace-hint'), /^The workspace the access token was created in/);
    await waitForText(form.locator('#expiresOn-hint'), /^Bitbucket asks for it when the token is created/);
    assert.equal(await form.getByRole('radio', { name: 'Repository', exact: true }).isChecked(), true, 'a repository token unless chosen otherwise');
    await form.getByRole('textbox', { name: 'Workspace', exact: true }).fill('acme-eng');
    await form.getByLabel('Access token', { exact: true }).fill(DEMO_ACCESS_TOKEN);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    const repository = form.getByRole('textbox', { name: 'Repository', exact: true });
    await waitForText(form.locator('#repository-error'), /Enter the repository the access token was created in/);
    assert.equal(await repository.getAttribute('aria-invalid'), 'true');
    assert.match((await repository.getAttribute('aria-describedby')) ?? '', /\brepository-hint\b.*\brepository-error\b/);
    assert.equal(await repository.evaluate((element: FocusableElement) => element === element.ownerDocument.activeElement), true, 'focus goes to the field in error');
    assert.equal(fake.requests.length, 0);
    // The access token's fields, error shown, as axe sees them (WCAG 2.1 AA, as for the other kinds).
    const axe = await runAxe(await webviewContentFrame(page));
    assert.deepEqual(describeViolations('access token form', blocking(axe.violations)), []);

    await repository.fill('widgets');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket with the access token of acme-eng\/widgets\./);
    const granted = form.locator('.permissions:not([hidden]) tr[data-scope] .granted');
    assert.equal(await granted.count(), 5);
    for (const cell of await granted.all()) assert.match((await cell.textContent()) ?? '', /✓/);
    assert.deepEqual(fake.requests.map((r) => [r.path, r.authorization]), [[identity, `Bearer ${DEMO_ACCESS_TOKEN}`]]);
    await waitForText(statusBarItem(page, statusBarId), /acme-eng\/widgets \(access token\)/);
    // For the README: the kind chosen and its own fields, scrolled to the top of the view.
    await form.getByLabel('Access token (repository, project or workspace)').evaluate((element: { scrollIntoView(options: { block: string }): void }) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'connect-form-access-token', [form.getByLabel('Access token (repository, project or workspace)'), form.locator('#repository-hint')]);
  });

  it('Test from the status bar asks Bitbucket for the repository again, never /2.0/user', async () => {
    const before = fake.requests.length;
    await statusBarItem(page, statusBarId).click();
    await waitUntil(() => fake.requests.slice(before).find((request) => request.path === identity), 'the test request');
    assert.ok(fake.requests.every((request) => !request.path.startsWith('/2.0/user')));
    await waitForText(statusBarItem(page, statusBarId), /acme-eng\/widgets \(access token\)/);
  });

  it('an agent terminal pushes as x-token-auth without a prompt, with the bot environment', async () => {
    const folder = server.workspaceFolder;
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    await typeInTerminal(
      page,
      `cd ${JSON.stringify(folder)} && printf '%s|%s|%s|%s' "$BITBUCKET_USERNAME" "$BITBUCKET_AUTH_TYPE" "$BITBUCKET_REPOSITORY" "$([ "$BITBUCKET_ACCESS_TOKEN" = "$BITBUCKET_APP_PASSWORD" ] && echo same)" > bot-env.txt && ` +
        `(export GIT_TERMINAL_PROMPT=0; unset GIT_ASKPASS; git clone -q ${git.url}/acme-eng/widgets.git bot-clone && cd bot-clone && ` +
        `git -c user.name=Bot -c user.email=bot@example.invalid commit -q --allow-empty -m "by the bot" && git push -q origin HEAD:main) > push.txt 2>&1; echo $? > push.rc`,
    );
    assert.equal(await waitForFile(path.join(folder, 'bot-env.txt')), 'x-token-auth|bearer|widgets|same');
    const rc = (await waitForFile(path.join(folder, 'push.rc'))).trim();
    // git -q says nothing when it works, so the output is read as it is, not waited for.
    assert.equal(rc, '0', readFileSync(path.join(folder, 'push.txt'), 'utf8'));
    assert.ok(git.seen.length > 0 && git.seen.every((seen) => seen.username === 'x-token-auth' && seen.password === DEMO_ACCESS_TOKEN));
    assert.ok(git.requests.some((request) => request.url.includes('git-receive-pack') && request.authorized), 'the push reached the server');
  });
});
