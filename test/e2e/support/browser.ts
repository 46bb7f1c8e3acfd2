// Headless Chromium (the one install-test-tools unpacks) driven by playwright-core, with a fresh profile each launch.
// In code-server, SecretStorage and globalState live in this profile, so every launch starts empty.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { tools } from './tools';

export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  /** Browser console lines ("type: text"), handy when a test fails. */
  consoleLines: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Reuse a profile (e.g. to keep secrets across a browser restart); a fresh one when omitted. */
  profileDir?: string;
  viewport?: { width: number; height: number };
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const ownProfile = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'nora-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    args: [...chromiumArgs],
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    if (ownProfile) rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, profileDir, consoleLines, close };
}

/** Opens `url` and waits until the workbench shows its status bar and the editor area. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 90_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('#workbench\\.parts\\.editor').waitFor({ state: 'visible', timeout: timeoutMs });
}
