import type * as vscode from 'vscode';
import { withLiteralIconSyntax } from '../bitbucket/serverText';
import { commandIds } from '../commandIds';
import type { VsCodeUi } from '../vscodeUi';

/**
 * The status-bar item as activation shows it, from the stored profile alone: the name, or
 * "Connect Bitbucket". `ConnectionStatusBar` takes it over once loaded, just after activation, and
 * adds the details (warnings, the tooltip) that need more code.
 */
export function createStatusItem(ui: VsCodeUi, displayName: string | undefined): vscode.StatusBarItem {
  const item = ui.window.createStatusBarItem('nora.bitbucket.status', ui.StatusBarAlignment.Left, 0);
  item.name = ui.l10n.t('Nora Bitbucket');
  if (displayName === undefined) showDisconnected(item, ui);
  else showConnected(item, ui, displayName, undefined);
  item.show();
  return item;
}

export function showDisconnected(item: vscode.StatusBarItem, ui: VsCodeUi): void {
  item.text = `$(plug) ${ui.l10n.t('Connect Bitbucket')}`;
  item.tooltip = ui.l10n.t('Bitbucket is not connected. Click to connect.');
  item.command = commandIds.connect;
  item.accessibilityInformation = { label: ui.l10n.t('Bitbucket not connected. Activate to connect.') };
}

/** The name, and what activating the item does; `warning` changes the icon and the spoken label. */
export function showConnected(item: vscode.StatusBarItem, ui: VsCodeUi, displayName: string, warning: string | undefined): void {
  item.text = `${warning ? '$(warning)' : '$(account)'} ${withLiteralIconSyntax(displayName)}`;
  item.command = commandIds.test;
  item.accessibilityInformation = {
    label: warning
      ? ui.l10n.t('Connected to Bitbucket as {0}, with a warning: {1} Activate to test the connection.', displayName, warning)
      : ui.l10n.t('Connected to Bitbucket as {0}. Activate to test the connection.', displayName),
  };
}
