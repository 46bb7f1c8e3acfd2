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
  /** The token's "Expires on" date (YYYY-MM-DD); the form's own when omitted. */
  readonly expiresOn?: string;
}

/** Opens the form, connects with an API token, and waits for the form and the status bar to say so. */
export async function connectWithApiToken(page: Page, credentials: ApiTokenCredentials, displayName: string): Promise<void> {
  const form = webviewFrame(page);
  await runCommand(page, 'Connect Bitbucket');
  await form.getByLabel('API token (recommended)').check();
  await form.getByLabel('Atlassian account email').fill(credentials.email);
  await form.getByLabel('API token', { exact: true }).fill(credentials.token);
  await form.getByLabel('Workspace (optional)').fill(credentials.workspace ?? '');
  if (credentials.expiresOn) await form.getByLabel('Expires on').fill(credentials.expiresOn);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await waitForText(form.getByRole('status'), new RegExp(`Connected to Bitbucket as ${escapeRegExp(displayName)}\\.`));
  await waitForText(statusBarItem(page, statusBarId), new RegExp(escapeRegExp(displayName)));
}

export interface DataCenterCredentials {
  readonly serverUrl: string;
  readonly token: string;
  readonly projectKey?: string;
  readonly expiresOn?: string;
}

/** Opens the form, connects a Data Center HTTP access token, and waits for the form to say so. */
export async function connectDataCenterToken(page: Page, credentials: DataCenterCredentials, displayName: string): Promise<void> {
  const form = webviewFrame(page);
  await runCommand(page, 'Connect Bitbucket');
  await form.locator('#app[aria-busy="false"]').waitFor({ timeout: 15_000 });
  await form.getByLabel('Data Center (HTTP access token)').check();
  await form.getByRole('textbox', { name: 'Server URL' }).fill(credentials.serverUrl);
  await form.getByLabel('HTTP access token', { exact: true }).fill(credentials.token);
  await form.getByRole('textbox', { name: 'Project key (optional)' }).fill(credentials.projectKey ?? '');
  if (credentials.expiresOn) await form.getByLabel('Expires on').fill(credentials.expiresOn);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await waitForText(form.getByRole('status'), new RegExp(`Connected to Bitbucket Data Center [0-9.]+ at .* as ${escapeRegExp(displayName)}\\.`));
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
