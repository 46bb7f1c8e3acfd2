// Token expiry as the user sees it, with the packaged VSIX in code-server and the real clock (no
// test hooks: the extension runs in production mode). The form's "Expires on" date decides: 10
// days ahead warns in the status bar, 5 days ahead also brings the 7-day notification, whose
// Replace Token opens the form in replace mode; a token of another account is refused there, and
// a token of the same account with a date a year ahead ends the warning.
// The host test (test/host/expiry.test.ts) moves an injected clock through the same thresholds.
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { DEMO_API_TOKEN, demoAccount, demoAccountSecondToken, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { statusBarId } from './support/connectForm';
import type { FocusableElement } from './support/keyboardFlow';
import { waitForText, waitUntil } from './support/waiting';
import { escapeRegExp, reportFailure, runCommand, screenshot, statusBarItem, webviewFrame } from './support/workbench';

const sameAccount = demoAccountSecondToken();
const otherAccount = otherPersonAccount();

/** The local calendar date `days` from today, as `YYYY-MM-DD` (what a date field holds). */
function localDateIn(days: number): string {
  const now = new Date();
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe('e2e expiry: the status bar warning, the 7-day notification and Replace Token, on the real clock', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;
  let form: FrameLocator;
  let item: Locator;
  const in10Days = localDateIn(10);
  const in5Days = localDateIn(5);
  const inAYear = localDateIn(365);

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), sameAccount, otherAccount] });
    ({ server, browser, page } = await openPackagedWorkbench({ 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl }));
    form = webviewFrame(page);
    item = statusBarItem(page, statusBarId);
    await waitForText(item, /Connect Bitbucket/, 60_000);
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines, 'expiry-failed');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  /** Whether the status bar item has VS Code's warning look (statusBarItem.warningBackground). */
  async function warningLook(): Promise<boolean> {
    return /\bwarning-kind\b/.test((await item.getAttribute('class')) ?? '');
  }

  /** What a screen reader hears for the item: the aria-label VS Code sets from accessibilityInformation. */
  async function ariaLabel(): Promise<string> {
    const labelled = item.locator('[aria-label]').first();
    return (await item.getAttribute('aria-label')) ?? (await labelled.getAttribute('aria-label')) ?? '';
  }

  /**
   * Hovers the status bar item and waits for its tooltip to show `pattern`; returns the tooltip and
   * its text, with the no-break spaces of VS Code's MarkdownString.appendText made plain.
   */
  async function hoverTooltip(pattern: RegExp): Promise<{ tooltip: Locator; text: string }> {
    await page.mouse.move(700, 300);
    await item.hover();
    const tooltip = page.locator('.workbench-hover').first();
    const text = await waitUntil(async () => {
      const shown = ((await tooltip.textContent({ timeout: 2000 }).catch(() => null)) ?? '').replace(/\u00a0/g, ' ');
      return pattern.test(shown) ? shown : undefined;
    }, `a tooltip that says ${pattern}`, 15_000);
    return { tooltip, text };
  }

  /** Fills the form the way a user does: by the labels, the date typed into the date field. */
  async function fillApiToken(email: string, token: string, expiresOn: string): Promise<void> {
    await form.getByLabel('Atlassian account email').fill(email);
    await form.getByLabel('API token', { exact: true }).fill(token);
    assert.equal(await form.getByLabel("I don't know").isChecked(), false, '"I don\'t know" is ticked');
    await form.getByLabel('Expires on').fill(expiresOn);
  }

  const expiryToast = () => page.locator('.notification-toast', { hasText: /The API token expires/ });

  it('a token that expires in 10 days: the status bar warns and its tooltip counts the days; no notification yet', async () => {
    await runCommand(page, 'Connect Bitbucket');
    await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await form.getByLabel('API token (recommended)').check();
    await fillApiToken('dev@example.com', DEMO_API_TOKEN, in10Days);
    await form.getByLabel('Workspace (optional)').fill('acme-eng');
    assert.equal(await warningLook(), false);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket as Nora Developer\./);
    await waitForText(item, /Nora Developer/);
    await waitUntil(async () => ((await warningLook()) ? true : undefined), 'the warning look of the status bar item');
    assert.equal(await item.locator('.codicon-warning').count(), 1, 'no warning icon in the status bar item');
    assert.match(await ariaLabel(), new RegExp(`with a warning: The API token expires in 10 days, on ${in10Days}\\.`));
    const { tooltip, text } = await hoverTooltip(/expires in 10 days/);
    assert.match(text, new RegExp(`The API token expires in 10 days, on ${in10Days}\\.[\\s\\S]*Token expires: *${in10Days}`));
    await screenshot(page, 'expiry-status-bar', [tooltip, item]);
    // 10 days is before the 7-day notification.
    await page.waitForTimeout(1000);
    assert.equal(await expiryToast().count(), 0, 'a notification came before 7 days');
    await page.mouse.move(700, 300);
  });

  it('a token that expires in 5 days: the 7-day notification offers Replace Token, which opens the form in replace mode', async () => {
    await runCommand(page, 'Connect Bitbucket');
    await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await fillApiToken('dev@example.com', DEMO_API_TOKEN, in5Days);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket as Nora Developer\./);
    const toast = expiryToast();
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await toast.first().textContent()) ?? '', new RegExp(`The API token expires in 5 days, on ${in5Days}\\.`));
    await waitUntil(async () => (/expires in 5 days/.test(await ariaLabel()) ? true : undefined), 'the status bar to count 5 days');
    await page.waitForTimeout(1000); // a second toast, if any, would show by now
    assert.equal(await toast.count(), 1, 'the notification shows more than once');
    const replace = toast.getByRole('button', { name: 'Replace Token' });
    await replace.waitFor({ state: 'visible' });
    await screenshot(page, 'expiry-notification', [toast]);

    await replace.click();
    await toast.waitFor({ state: 'hidden' });
    const submit = form.getByRole('button', { name: 'Replace Token', exact: true });
    await submit.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await form.getByRole('button', { name: 'Connect', exact: true }).count(), 0);
    const note = form.locator('#replace-note');
    await waitForText(note, /Replace the API token of Nora Developer: paste a new token of the same account\./);
    assert.match((await note.getByRole('link', { name: 'id.atlassian.com' }).getAttribute('href')) ?? '', /^https:\/\/id\.atlassian\.com\//);
    await waitUntil(
      () => form.getByLabel('API token', { exact: true }).evaluate((element: FocusableElement) => element === element.ownerDocument.activeElement || undefined),
      'focus on the token field',
    );
    assert.notEqual(await form.getByLabel('Workspace (optional)').getAttribute('readonly'), null, 'the workspace field is editable while replacing');
    // A new token gets a new date: back to the form's default (about a year ahead), not the old one.
    assert.ok((await form.getByLabel('Expires on').inputValue()) >= localDateIn(360), 'the replace form kept the old date');
    await screenshot(page, 'replace-token-form', [form.locator('#app')]);
  });

  it('Replace Token refuses a token of another account and keeps the first account', async () => {
    const requestsBefore = fake.requests.length;
    await fillApiToken(otherAccount.email, otherAccount.secret, inAYear);
    await form.getByRole('button', { name: 'Replace Token', exact: true }).click();
    await waitForText(form.getByRole('status'), /This token belongs to Someone Else, not to Nora Developer, whose token it should replace\. Nothing was changed\./);
    assert.ok(fake.requests.slice(requestsBefore).some((request) => request.path === '/2.0/user'), 'the new token was not checked');
    await screenshot(page, 'replace-token-other-account');
    assert.match((await item.textContent()) ?? '', /Nora Developer/);
    assert.doesNotMatch((await item.textContent()) ?? '', /Someone Else/);
    assert.equal(await warningLook(), true, 'the warning went, although nothing was changed');
    assert.match(await ariaLabel(), /expires in 5 days/);
    // A test from the status bar still uses the first token.
    const before = fake.requests.length;
    await item.click();
    const retest = await waitUntil(() => fake.requests.slice(before).find((request) => request.path === '/2.0/user'), 'the test request');
    assert.equal(retest.authorization, `Basic ${Buffer.from(`dev@example.com:${DEMO_API_TOKEN}`).toString('base64')}`);
  });

  it('Replace Token with a token of the same account and a date a year ahead ends the warning', async () => {
    assert.equal(await warningLook(), true, 'the 5-day warning is not there to end');
    await runCommand(page, 'Replace Bitbucket API Token');
    const submit = form.getByRole('button', { name: 'Replace Token', exact: true });
    await submit.waitFor({ state: 'visible', timeout: 15_000 });
    await fillApiToken('dev@example.com', sameAccount.secret, inAYear);
    await submit.click();
    await waitForText(form.getByRole('status'), /Connected to Bitbucket as Nora Developer\./);
    await form.getByRole('button', { name: 'Connect', exact: true }).waitFor({ state: 'visible' });
    await waitUntil(async () => ((await warningLook()) ? undefined : true), 'the warning look to go');
    assert.equal(await item.locator('.codicon-warning').count(), 0);
    assert.match(await ariaLabel(), /^Connected to Bitbucket as Nora Developer\. Activate to test the connection\.$/);
    const { text } = await hoverTooltip(new RegExp(`Token expires: *${escapeRegExp(inAYear)}`));
    assert.doesNotMatch(text, /expires in|expires today|expires tomorrow/);
    await page.mouse.move(700, 300);
    // The status bar's test now sends the new token.
    const before = fake.requests.length;
    await item.click();
    const retest = await waitUntil(() => fake.requests.slice(before).find((request) => request.path === '/2.0/user'), 'the test request');
    assert.equal(retest.authorization, `Basic ${Buffer.from(`dev@example.com:${sameAccount.secret}`).toString('base64')}`);
  });
});
