// The product's own flows, driven as a user would: the Connect form filled by its labels, and
// Disconnect through the form and its confirmation.
import type { Page } from 'playwright-core';
import { waitForText } from './waiting';
import { escapeRegExp, runCommand, statusBarItem, webviewFrame } from './workbench';

export const statusBarId = 'nora.nora-bitbucket.nora.bitbucket.status';

export interface ApiTokenCredentials {
  readonly email: string;
  readonly token: string;
  readonly workspace?: string;
}

/** Opens the form, connects with an API token, and waits for the form and the status bar to say so. */
export async function connectWithApiToken(page: Page, credentials: ApiTokenCredentials, displayName: string): Promise<void> {
  const form = webviewFrame(page);
  await runCommand(page, 'Connect Bitbucket');
  await form.getByLabel('API token (recommended)').check();
  await form.getByLabel('Atlassian account email').fill(credentials.email);
  await form.getByLabel('API token', { exact: true }).fill(credentials.token);
  await form.getByLabel('Workspace (optional)').fill(credentials.workspace ?? '');
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await waitForText(form.getByRole('status'), new RegExp(`Connected to Bitbucket as ${escapeRegExp(displayName)}\\.`));
  await waitForText(statusBarItem(page, statusBarId), new RegExp(escapeRegExp(displayName)));
}

/** Disconnect in the form, confirmed in VS Code's modal dialog. */
export async function disconnectThroughForm(page: Page): Promise<void> {
  const form = webviewFrame(page);
  await runCommand(page, 'Connect Bitbucket');
  await form.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Disconnect', exact: true }).click();
  await waitForText(form.getByRole('status'), /Disconnected/);
  await waitForText(statusBarItem(page, statusBarId), /Connect Bitbucket/);
}
