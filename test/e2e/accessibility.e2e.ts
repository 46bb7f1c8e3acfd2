// The Connect form against WCAG 2.1 AA in a real VS Code (code-server in headless Chromium): in the
// four built-in theme kinds, Tab order and visible focus, and axe-core inside the form's webview in
// five states of the form; then the whole flow with the keyboard alone. One window serves every theme: the setting changes, not the window.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { blocking, describeViolations, runAxe, webviewContentFrame, type AxeViolation } from './support/axe';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { disconnectThroughForm, statusBarId } from './support/connectForm';
import { builtInThemeKinds, useColorTheme } from './support/themes';
import { repoRoot } from '../support/repoRoot';
import { waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, screenshot, statusBarItem, webviewFrame } from './support/workbench';
import { announcements, describeFocus, focusStop, type FocusableElement, recordAnnouncements, runCommandByKeyboard, tabThrough, visualOrder } from './support/keyboardFlow';

interface AxeRun {
  theme: string;
  state: string;
  passes: number;
  violations: AxeViolation[];
}

describe('e2e accessibility: the Connect form meets WCAG 2.1 AA', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;
  let form: FrameLocator;
  const runs: AxeRun[] = [];

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    ({ server, browser, page } = await openPackagedWorkbench({ 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl }));
    form = webviewFrame(page);
    await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/, 60_000);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    if (runs.length > 0) {
      const dir = path.join(repoRoot, 'test-results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'axe-results.json'), `${JSON.stringify(runs, null, 2)}\n`);
    }
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  /** A fresh form: closing the panel drops its saved state. */
  async function openEmptyForm(): Promise<void> {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Connect Bitbucket');
    await form.getByLabel('Atlassian account email').waitFor({ state: 'visible' });
  }

  async function check(theme: string, state: string): Promise<AxeRun> {
    const report = await runAxe(await webviewContentFrame(page));
    const run = { theme, state, passes: report.passes, violations: report.violations };
    runs.push(run);
    return run;
  }

  async function connectWith(email: string, token: string, workspace: string, expected: RegExp): Promise<void> {
    await form.getByLabel('API token (recommended)').check();
    await form.getByLabel('Atlassian account email').fill(email);
    await form.getByLabel('API token', { exact: true }).fill(token);
    await form.getByLabel('Workspace (optional)').fill(workspace);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), expected);
  }

  for (const theme of builtInThemeKinds) {
    it(`in ${theme.label} (${theme.kind}): Tab order as shown, focus visible, no serious or critical axe violations in five states`, async () => {
      await openEmptyForm();
      await useColorTheme(server, page, theme);
      const { label } = theme;
      await openEmptyForm(); // the theme picker took focus; a fresh form has it again
      await expectTabOrderAndVisibleFocus(await webviewContentFrame(page));
      const checked: AxeRun[] = [await check(label, 'empty form')];

      await form.getByLabel('App password (legacy)').check();
      await form.getByLabel('Bitbucket username').waitFor({ state: 'visible' });
      checked.push(await check(label, 'app password (legacy)'));

      await connectWith('nora-dev', DEMO_API_TOKEN, '', /Check the highlighted fields/);
      await waitForText(form.locator('#email-error'), /not your Bitbucket username/);
      checked.push(await check(label, 'field errors'));

      await connectWith('dev@example.com', 'a-wrong-token', '', /401 Unauthorized/);
      checked.push(await check(label, 'failed Connect (401)'));

      await connectWith('dev@example.com', DEMO_API_TOKEN, 'acme-eng', /Connected to Bitbucket as Nora Developer\./);
      assert.equal(await form.locator('.permissions:not([hidden]) tr[data-scope] .granted.yes').count(), 7);
      checked.push(await check(label, 'connected, with the permissions table'));
      await screenshot(page, `accessibility-${theme.kind}`);

      await disconnectThroughForm(page);
      const found = checked.flatMap((run) => describeViolations(`${run.theme}, ${run.state}`, run.violations));
      if (found.length > 0) console.log(`      axe found ${found.length}:\n        ${found.join('\n        ')}`);
      const failing = checked.flatMap((run) => describeViolations(`${run.theme}, ${run.state}`, blocking(run.violations)));
      assert.deepEqual(failing, [], `serious or critical violations:\n${failing.join('\n')}`);
    });
  }

  it('works with the keyboard alone: connect, test and disconnect, each result announced once', async () => {
    const statusBar = statusBarItem(page, statusBarId);
    await openEmptyForm();
    await useColorTheme(server, page, builtInThemeKinds[0]);
    const frame = await openFormByKeyboard();
    assert.equal(await form.getByRole('status').count(), 1, 'the empty live region is not in the accessibility tree');

    await tabTo(frame, 'type-apiToken');
    await tabTo(frame, 'email');
    await page.keyboard.type('dev@example.com');
    await tabTo(frame, 'secret');
    await page.keyboard.type(DEMO_API_TOKEN);
    await tabTo(frame, 'expiresOn');
    // The date's month, day, year and picker are Tab stops of the one field.
    for (let segment = 0; segment < 3; segment++) await page.keyboard.press('Tab');
    await tabTo(frame, 'expiresUnknown');
    await tabTo(frame, 'workspace');
    await page.keyboard.type('acme-eng');
    await pressAndCountAnnouncements(frame, 'Enter', /^Connected to Bitbucket as Nora Developer\./);
    await waitForText(statusBar, /Nora Developer/);
    await expectFocusOn(frame, 'workspace');
    assert.match(await statusBarLabel(), /Connected to Bitbucket as Nora Developer\. Activate to test the connection\./);

    // Connected, the buttons row has three: the Tab steps below must follow it as it shows.
    const connectedOrder = await visualOrder(frame);
    const from = connectedOrder.indexOf('workspace');
    assert.deepEqual(connectedOrder.slice(from, from + 4), ['workspace', 'connect', 'test', 'disconnect'], 'visual order when connected');
    await tabTo(frame, 'connect');
    await tabTo(frame, 'test');
    const requestsBefore = fake.requests.length;
    await pressAndCountAnnouncements(frame, 'Enter', /^Connected to Bitbucket as Nora Developer\./);
    assert.ok(fake.requests.slice(requestsBefore).some((request) => request.path === '/2.0/user'), 'Test sent no request');
    await expectFocusOn(frame, 'test');

    fake.setFault({ kind: 'service-unavailable' });
    try {
      await pressAndCountAnnouncements(frame, ' ', /503/);
      await waitForText(statusBar, /Nora Developer: /);
      assert.match(await statusBarLabel(), /^Bitbucket connection of Nora Developer has a problem: .*503.* Activate to test it again\.$/);
    } finally {
      fake.setFault(undefined);
    }
    await expectFocusOn(frame, 'test');

    await tabTo(frame, 'disconnect');
    await recordAnnouncements(frame);
    await page.keyboard.press('Enter');
    const confirm = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Disconnect', exact: true });
    await confirm.waitFor({ state: 'visible' });
    assert.equal(await confirm.evaluate((button: FocusableElement) => button === button.ownerDocument.activeElement), true, 'the dialog does not focus Disconnect');
    await page.keyboard.press('Enter');
    await waitForText(form.getByRole('status'), /Disconnected\. The secret was deleted\./);
    await waitForText(statusBar, /Connect Bitbucket/);
    await expectAnnouncedOnce(frame, /^Disconnected\./);
    await expectFocusOn(frame, 'connect');
    assert.match(await statusBarLabel(), /Bitbucket not connected\. Activate to connect\./);
  });

  /** Tab from the top of the form until focus leaves it: the order they show, focus visible at each stop. */
  async function expectTabOrderAndVisibleFocus(frame: Frame): Promise<void> {
    const expectedOrder = await visualOrder(frame);
    const stops = await tabThrough(page, frame);
    assert.deepEqual(stops.map((stop) => stop.name), expectedOrder, 'Tab order differs from the visual order');
    assert.deepEqual(stops.filter((stop) => !stop.visible).map((stop) => `${stop.name}: ${stop.detail}`), [], 'focus does not show');
  }

  /** Closes every editor and opens the form, all from the palette by keyboard; focus starts in the form. */
  async function openFormByKeyboard() {
    await runCommandByKeyboard(page, 'View: Close All Editors');
    await runCommandByKeyboard(page, 'Connect Bitbucket');
    await form.getByLabel('Atlassian account email').waitFor({ state: 'visible' });
    return webviewContentFrame(page);
  }

  async function tabTo(frame: Frame, id: string): Promise<void> {
    await page.keyboard.press('Tab');
    await expectFocusOn(frame, id);
  }

  async function expectFocusOn(frame: Frame, id: string): Promise<void> {
    const stop = await waitUntil(() => focusStop(frame), `focus in the form (expected on #${id})`, 5000).catch(async (error: Error) => {
      throw new Error(`${error.message}; ${await describeFocus(page, frame)}`);
    });
    assert.equal(stop.name, id, 'focus is not where the visual order puts it');
    assert.ok(stop.visible, `focus on #${id} does not show: ${stop.detail}`);
  }

  async function pressAndCountAnnouncements(frame: Frame, key: string, result: RegExp): Promise<void> {
    await recordAnnouncements(frame);
    await page.keyboard.press(key);
    await waitUntil(async () => ((await announcements(frame)).some((text) => result.test(text)) ? true : undefined), `an announcement ${result}`);
    await expectAnnouncedOnce(frame, result);
  }

  /** A second copy would come straight after the first; give it time to show up. */
  async function expectAnnouncedOnce(frame: Frame, result: RegExp): Promise<void> {
    await page.waitForTimeout(750);
    const said = await announcements(frame);
    assert.equal(said.filter((text) => result.test(text)).length, 1, `announced: ${JSON.stringify(said)}`);
  }

  /** What a screen reader says for the status bar item (its accessibilityInformation). */
  async function statusBarLabel(): Promise<string> {
    const item = statusBarItem(page, statusBarId);
    return (await item.getAttribute('aria-label')) ?? (await item.locator('[aria-label]').first().getAttribute('aria-label')) ?? '';
  }
});
