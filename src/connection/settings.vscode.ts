import vscode = require('vscode');
import { parseSettings, type SettingsResult } from './settings';
import { settingKey, settingNames, settingsSection } from './settingNames';

/**
 * All our settings are machine-scoped, so VS Code itself ignores values from a workspace: a
 * cloned repository cannot send the user's credentials elsewhere.
 */
export function readSettings(): SettingsResult {
  const configuration = vscode.workspace.getConfiguration(settingsSection);
  return parseSettings({
    apiBaseUrl: configuration.get(settingKey(settingNames.apiBaseUrl)),
    gitBaseUrl: configuration.get(settingKey(settingNames.gitBaseUrl)),
    requestTimeoutSeconds: configuration.get(settingKey(settingNames.requestTimeoutSeconds)),
  });
}
