import type { Page } from 'playwright-core';
import { waitForText } from './waiting';

/**
 * Types a command line into the active terminal once its shell shows a prompt (keys typed before
 * the shell is ready can be lost), after a click that gives the terminal the keyboard.
 */
export async function typeInTerminal(page: Page, commandLine: string): Promise<void> {
  const terminal = page.locator('.terminal-wrapper.active');
  await waitForText(terminal.locator('.xterm-rows'), /[#$] *$/m, 60_000);
  await terminal.locator('.xterm-screen').click();
  await page.keyboard.type(`${commandLine}\n`);
}
