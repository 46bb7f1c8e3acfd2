// Helpers for driving the VS Code workbench in the page: command palette, status bar, webviews,
// screenshots. Selectors were checked against code-server 4.139 (VS Code 1.139).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FrameLocator, Locator, Page } from 'playwright-core';
import { repoRoot } from '../../support/repoRoot';

export const selectors = {
  statusBar: '#workbench\\.parts\\.statusbar',
  panel: '#workbench\\.parts\\.panel',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  webview: 'iframe.webview.ready',
  terminalRows: '.terminal-wrapper.active .xterm-rows',
} as const;

/** Moves focus off a webview iframe (keys pressed there never reach the workbench). */
export async function blurWebviews(page: Page): Promise<void> {
  // A string expression: the test tsconfig has no DOM types.
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
}

/** Opens the command palette with `text` typed after ">" and returns its (visible) rows. */
export async function openCommandPalette(page: Page, text: string): Promise<Locator> {
  await blurWebviews(page);
  await page.keyboard.press('F1');
  const box = page.locator(selectors.quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(`>${text}`);
  return page.locator(selectors.quickInputRow);
}

/**
 * The palette row of a command: rows are labelled "Category: Title" (e.g. "Nora: Connect Bitbucket"),
 * and fuzzy matching also lists look-alikes ("Nora: Disconnect Bitbucket"), so match the label exactly.
 */
export function paletteRow(page: Page, title: string): Locator {
  return page.locator(selectors.quickInputRow).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^(?:[^:]+: )?${escapeRegExp(title)}$`) }),
  });
}

/** The palette row of a command id (rows carry it in data-quick-input-id). */
export function paletteRowById(page: Page, commandId: string): Locator {
  return page.locator(`${selectors.quickInputRow}:has([data-quick-input-id="${commandId}"])`);
}

/**
 * Opens the palette on `title` and returns its row, reopening until it shows: the palette lists
 * only what was registered when it opened, and extensions register a few seconds after the
 * workbench appears.
 */
export async function findPaletteRow(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  const row = paletteRow(page, title).first();
  for (;;) {
    await openCommandPalette(page, title);
    const wait = Math.max(500, Math.min(3000, deadline - Date.now()));
    try {
      await row.waitFor({ state: 'visible', timeout: wait });
      return row;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Runs a command from the palette by its title, with or without its category ("Connect Bitbucket"). */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const row = await findPaletteRow(page, title, timeoutMs);
  await row.click();
  await page.locator(selectors.quickInputBox).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** An extension's status bar item; its id is "<publisher>.<name>.<item id>". */
export function statusBarItem(page: Page, id: string): Locator {
  return page.locator(`${selectors.statusBar} [id="${id}"]`);
}

/** The content of the visible webview (a webview is two nested iframes). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator(selectors.webview).frameLocator('#active-frame');
}

/**
 * Saves a screenshot to <repo>/test-results/<name>.png and returns its path: the full page, or,
 * with `around`, only the smallest rectangle holding those elements plus `margin` pixels.
 */
export async function screenshot(page: Page, name: string, around: readonly Locator[] = [], margin = 12): Promise<string> {
  const dir = path.join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: around.length === 0, clip: await clipAround(page, around, margin) });
  return file;
}

/** The rectangle around the elements' boxes (in page coordinates, webviews included), inside the viewport. */
async function clipAround(page: Page, around: readonly Locator[], margin: number) {
  if (around.length === 0) return undefined;
  const boxes = await Promise.all(around.map(async (locator) => {
    const box = await locator.boundingBox();
    if (!box) throw new Error(`nothing to screenshot: ${locator.toString()} is not visible`);
    return box;
  }));
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const x = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
  const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
  const bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
  return { x, y, width: right - x, height: bottom - y };
}

/** `text` as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** After a failed test: a screenshot of `page` and the browser console's last lines, printed. */
export async function reportFailure(test: Mocha.Test | undefined, page: Page | undefined, consoleLines: readonly string[], name = 'failed'): Promise<void> {
  if (test?.state !== 'failed' || !page) return;
  console.log(`  screenshot: ${await screenshot(page, `${name}-${test.title}`)}`);
  console.log(`  browser console (last 20):\n    ${consoleLines.slice(-20).join('\n    ')}`);
}
