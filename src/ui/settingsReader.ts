import * as vscode from 'vscode';
import { parseSettings, type SettingsResult } from '../connection/settings';
import { settingsSection } from '../commandIds';

/**
 * All our settings are machine-scoped, so VS Code itself ignores values from a workspace: a
 * cloned repository cannot send the user's credentials elsewhere.
 */
export function readSettings(): SettingsResult {
  const configuration = vscode.workspace.getConfiguration(settingsSection);
  return parseSettings({
    apiBaseUrl: configuration.get('apiBaseUrl'),
    gitBaseUrl: configuration.get('gitBaseUrl'),
    requestTimeoutSeconds: configuration.get('requestTimeoutSeconds'),
  });
}
