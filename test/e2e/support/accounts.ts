// Several connections (issue 25) as a user sees them: Nora's own quick picks (Switch Bitbucket
// Account, Disconnect's "which?"), VS Code's Accounts menu, and the status bar's tooltip.
import type { Locator, Page } from 'playwright-core';
import { statusBarId } from './connectForm';
import { waitUntil } from './waiting';
import { findPaletteRow, selectors, statusBarItem } from './workbench';

/**
 * Runs a command that asks with a quick pick titled `title`, and returns that pick's rows. Not
 * `runCommand`: the palette closes and the pick opens in the same widget.
 */
export async function openConnectionPick(page: Page, command: string, title: string): Promise<Locator> {
  const row = await findPaletteRow(page, command);
  await row.click();
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
  const rows = page.locator(selectors.quickInputRow);
  await rows.first().waitFor({ state: 'visible' });
  return rows;
}

/** The Switch Bitbucket Account list's rows, each as its whole text (label, description, detail). */
export async function switchListRows(page: Page): Promise<{ rows: Locator; texts: string[] }> {
  const rows = await openConnectionPick(page, 'Switch Bitbucket Account', 'Switch Bitbucket Account');
  return { rows, texts: (await rows.allTextContents()).map(plain) };
}

/** VS Code's Accounts menu (activity bar), opened; returns its "Bitbucket (Nora)" entries. */
export async function openAccountsMenu(page: Page): Promise<Locator> {
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Accounts/ }).first().click();
  const entries = page.getByRole('menuitem', { name: /\(Bitbucket \(Nora\)\)/ });
  await entries.first().waitFor({ state: 'visible', timeout: 15_000 });
  return entries;
}

/** Accounts menu → the account → Sign Out, and VS Code's own confirmation. */
export async function signOutInAccountsMenu(page: Page, account: RegExp): Promise<void> {
  const entries = await openAccountsMenu(page);
  await entries.filter({ hasText: account }).hover();
  // The submenu's item highlights on hover but a pointer click is swallowed: choose it by keyboard.
  await page.getByRole('menuitem', { name: 'Sign Out', exact: true }).hover();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Sign Out', exact: true }).click();
}

/** Hovers the status bar item until its tooltip matches, and returns the tooltip's text (no-break spaces made plain). */
export async function statusTooltip(page: Page, pattern: RegExp): Promise<string> {
  const tooltip = page.locator('.workbench-hover').first();
  return waitUntil(async () => {
    await page.mouse.move(700, 300);
    await statusBarItem(page, statusBarId).hover();
    const shown = plain((await tooltip.textContent({ timeout: 2000 }).catch(() => null)) ?? '');
    return pattern.test(shown) ? shown : undefined;
  }, `a tooltip matching ${pattern}`, 30_000);
}

export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}
