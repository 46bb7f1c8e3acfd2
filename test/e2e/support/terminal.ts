import type { Page } from 'playwright-core';
import { waitForText } from './waiting';
import { runCommand } from './workbench';

/**
 * Types a command line into the active terminal once its shell shows a prompt: keys typed before
 * the shell is ready can be lost.
 */
export async function typeInTerminal(page: Page, commandLine: string): Promise<void> {
  await waitForText(page.locator('.terminal-wrapper.active .xterm-rows'), /[#$] *$/m, 60_000);
  await runCommand(page, 'Terminal: Focus Terminal');
  await page.keyboard.type(`${commandLine}\n`);
}
