// A Bitbucket Data Center user in a real VS Code (issue 24): connect a personal HTTP access token
// through the form by its labels, Test from the status bar, push from an agent terminal as the
// user without a prompt; then a project token, which git sends only as a Bearer header.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO_DC_PERSONAL_TOKEN, DEMO_DC_PROJECT_TOKEN, startFakeDataCenter, type FakeDataCenter } from '../fakes/fakeDataCenter';
import { blocking, describeViolations, runAxe, webviewContentFrame } from './support/axe';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { statusBarId } from './support/connectForm';
import type { FocusableElement } from './support/keyboardFlow';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { typeInTerminal } from './support/terminal';
import { waitForFile, waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, screenshot, statusBarItem, webviewFrame } from './support/workbench';

describe('e2e Data Center: connect a personal and a project token, test, push from an agent terminal', function () {
  this.timeout(300_000);
  let fake: FakeDataCenter;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;
  let form: FrameLocator;

  before(async () => {
    fake = await startFakeDataCenter({ demo: true });
    // Cloud's settings keep their defaults: a Data Center connection is named in the form alone.
    ({ server, browser, page } = await openPackagedWorkbench({}));
    form = webviewFrame(page);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  const chooseDataCenter = async () => {
    await runCommand(page, 'Connect Bitbucket');
    await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
    // By keyboard, as the other kinds: the arrow keys move within the "Credential type" group.
    await form.getByLabel('API token (recommended)').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await form.getByLabel('Data Center (HTTP access token)').isChecked(), true);
    assert.equal(await form.getByLabel('Atlassian account email').isVisible(), false);
    assert.equal(await form.getByRole('textbox', { name: /^Workspace/ }).isVisible(), false, 'Data Center has projects, not workspaces');
  };

  it('asks for the Server URL under its field, refuses Bitbucket Cloud there, then connects a personal token', async () => {
    await chooseDataCenter();
    await form.getByLabel('HTTP access token', { exact: true }).fill(DEMO_DC_PERSONAL_TOKEN);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    const serverUrl = form.getByRole('textbox', { name: 'Server URL' });
    await waitForText(form.locator('#serverUrl-error'), /Enter the address of your Bitbucket Data Center server/);
    assert.equal(await serverUrl.getAttribute('aria-invalid'), 'true');
    assert.equal(await serverUrl.evaluate((element: FocusableElement) => element === element.ownerDocument.activeElement), true, 'focus goes to the field in error');
    await serverUrl.fill('https://bitbucket.org');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.locator('#serverUrl-error'), /bitbucket\.org is Bitbucket Cloud/);
    assert.equal(fake.requests.length, 0);
    const axe = await runAxe(await webviewContentFrame(page));
    assert.deepEqual(describeViolations('Data Center form', blocking(axe.violations)), []);

    await serverUrl.fill(fake.serverUrl);
    await form.getByRole('textbox', { name: 'Project key (optional)' }).fill('proj');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket Data Center [0-9.]+ at .* as Jane Doe\./);
    // A project key does not narrow a personal token: the form says so.
    await waitForText(form.getByRole('status'), /personal token of Jane Doe: it reaches every project/);
    await waitForText(statusBarItem(page, statusBarId), /Bitbucket DC: Jane Doe/);
    assert.equal(await form.getByRole('button', { name: 'Save Workspace' }).isVisible(), false, 'no workspace to save');
    // The server proved itself before the token went there.
    assert.equal(fake.requests[0]?.path, '/rest/api/latest/application-properties');
    assert.equal(fake.requests[0]?.authorization, undefined);
    assert.ok(fake.requests.slice(1).every((request) => request.authorization === `Bearer ${DEMO_DC_PERSONAL_TOKEN}`));
    // For the README: the kind chosen and its own fields, scrolled to the top of the view.
    await form.getByLabel('Data Center (HTTP access token)').evaluate((element: { scrollIntoView(options: { block: string }): void }) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'connect-form-data-center', [form.getByLabel('Data Center (HTTP access token)'), form.locator('#projectKey-hint')]);
  });

  it('Test from the status bar asks the server again', async () => {
    const before = fake.requests.length;
    await statusBarItem(page, statusBarId).click();
    await waitUntil(() => fake.requests.slice(before).find((request) => request.path.startsWith('/rest/api/latest/users/')), 'the test request');
    await waitForText(statusBarItem(page, statusBarId), /Bitbucket DC: Jane Doe/);
  });

  it('an agent terminal pushes as the user without a prompt, with the Data Center environment', async () => {
    const folder = server.workspaceFolder;
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    await typeInTerminal(
      page,
      `cd ${JSON.stringify(folder)} && printf '%s|%s|%s|%s|%s' "$BITBUCKET_USERNAME" "$BITBUCKET_AUTH_TYPE" "$BITBUCKET_PROJECT" "$BITBUCKET_SERVER_URL" "\${BITBUCKET_WORKSPACE-none}" > dc-env.txt && ` +
        `(export GIT_TERMINAL_PROMPT=0; unset GIT_ASKPASS; git clone -q "$BITBUCKET_SERVER_URL/scm/proj/widgets.git" dc-clone && cd dc-clone && ` +
        `git -c user.name=Jane -c user.email=jane@example.invalid commit -q --allow-empty -m "by Jane" && git push -q origin HEAD:main) > dc-push.txt 2>&1; echo $? > dc-push.rc`,
    );
    assert.equal(await waitForFile(path.join(folder, 'dc-env.txt')), `jdoe|bearer|PROJ|${fake.serverUrl}|none`);
    const rc = (await waitForFile(path.join(folder, 'dc-push.rc'))).trim();
    assert.equal(rc, '0', readFileSync(path.join(folder, 'dc-push.txt'), 'utf8'));
    const gitRequests = fake.requests.filter((request) => request.path.startsWith('/scm/'));
    assert.ok(gitRequests.some((request) => request.path.includes('git-receive-pack')), 'the push reached the server');
    const basicJdoe = `Basic ${Buffer.from(`jdoe:${DEMO_DC_PERSONAL_TOKEN}`).toString('base64')}`;
    assert.ok(gitRequests.every((request) => request.authorization === undefined || request.authorization === basicJdoe), 'git signs in as the user, with the token');
  });

  it('a project token: connected through the form, git in an agent terminal sends it as a Bearer header alone', async () => {
    await chooseDataCenter();
    await form.getByRole('textbox', { name: 'Server URL' }).fill(fake.serverUrl);
    await form.getByLabel('HTTP access token', { exact: true }).fill(DEMO_DC_PROJECT_TOKEN);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket Data Center/);
    const folder = server.workspaceFolder;
    const before = fake.requests.length;
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    await typeInTerminal(
      page,
      `cd ${JSON.stringify(folder)} && (export GIT_TERMINAL_PROMPT=0; unset GIT_ASKPASS; git ls-remote "$BITBUCKET_SERVER_URL/scm/PROJ/widgets.git" && echo "\${BITBUCKET_USERNAME-nobody}") > bot-ls.txt 2>&1; echo $? > bot-ls.rc`,
    );
    const rc = (await waitForFile(path.join(folder, 'bot-ls.rc'))).trim();
    const output = readFileSync(path.join(folder, 'bot-ls.txt'), 'utf8');
    assert.equal(rc, '0', output);
    assert.match(output, /refs\/heads\/main\s*\nnobody/);
    const gitRequests = fake.requests.slice(before).filter((request) => request.path.startsWith('/scm/'));
    assert.ok(gitRequests.length > 0 && gitRequests.every((request) => request.authorization === `Bearer ${DEMO_DC_PROJECT_TOKEN}`), 'every git request carries the header, none Basic');
  });
});
