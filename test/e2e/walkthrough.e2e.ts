// The "Get Started" walkthrough in a real VS Code (code-server in headless Chromium): it opens
// from the palette, and each step is marked done by the event it names (connected, an agent
// terminal opened), not by a click on its button. Steps carry their completion in
// `[data-done-step-id] aria-checked`.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import type { BrowserSession } from './support/browser';
import type { CodeServer } from './support/codeServer';
import { openPackagedWorkbench } from './support/packagedWorkbench';
import { connectWithApiToken } from './support/connectForm';
import { waitForText, waitUntil } from './support/waiting';
import { reportFailure, runCommand, screenshot } from './support/workbench';

const stepIds = ['createToken', 'connect', 'openAgentTerminal'] as const;
type StepId = (typeof stepIds)[number];

describe('e2e walkthrough: each step completes on its real event', function () {
  this.timeout(300_000);
  let fake: FakeBitbucket;
  let server: CodeServer;
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    ({ server, browser, page } = await openPackagedWorkbench({ 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl }));
  });

  afterEach(function () {
    return reportFailure(this.currentTest, page, browser.consoleLines);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  const step = (id: StepId) => page.locator(`[data-done-step-id="nora.nora-bitbucket#getStarted#${id}"]`).first();
  const done = async (id: StepId) => (await step(id).getAttribute('aria-checked')) === 'true';
  /** A new terminal takes the focus when its shell starts: wait for that before using the palette. */
  const shellPrompt = () => waitForText(page.locator('.terminal-wrapper.active .xterm-rows'), /[#$] *$/m, 60_000);
  const openWalkthrough = async () => {
    await runCommand(page, 'Get Started with Bitbucket');
    await step('connect').waitFor({ state: 'visible' });
  };

  it('opens from the palette with no step done', async () => {
    await openWalkthrough();
    for (const id of stepIds) assert.equal(await done(id), false, `${id} is done before anything happened`);
    await screenshot(page, 'walkthrough-start');
  });

  it('marks the token and Connect steps done once connected, and the terminal step not', async () => {
    await connectWithApiToken(page, { email: 'dev@example.com', token: DEMO_API_TOKEN }, demoAccount().displayName);
    await openWalkthrough();
    await waitUntil(async () => (await done('connect')) || undefined, 'the Connect step done');
    assert.equal(await done('createToken'), true);
    assert.equal(await done('openAgentTerminal'), false);
  });

  it('leaves the terminal step open for a plain terminal, and marks it done when an agent terminal opens', async () => {
    await runCommand(page, 'Terminal: Create New Terminal');
    await shellPrompt();
    await openWalkthrough();
    await page.waitForTimeout(1500); // the key would be set by now if a plain terminal set it
    assert.equal(await done('openAgentTerminal'), false, 'a plain terminal completed the step');
    await runCommand(page, 'New Agent Terminal (Bitbucket)');
    await shellPrompt();
    await openWalkthrough();
    await waitUntil(async () => (await done('openAgentTerminal')) || undefined, 'the agent terminal step done');
    await screenshot(page, 'walkthrough-done');
  });
});
