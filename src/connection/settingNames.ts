/** The extension's settings (package.json declares them, all machine-scoped): each name is written here only. */
export const settingsSection = 'nora.bitbucket';

export const settingNames = {
  apiBaseUrl: 'nora.bitbucket.apiBaseUrl',
  gitBaseUrl: 'nora.bitbucket.gitBaseUrl',
  requestTimeoutSeconds: 'nora.bitbucket.requestTimeoutSeconds',
  mcpUrl: 'nora.bitbucket.mcpUrl',
  gitAuthentication: 'nora.bitbucket.gitAuthentication',
} as const;

/** The key under `nora.bitbucket`, as `WorkspaceConfiguration.get` takes it. */
export function settingKey(name: (typeof settingNames)[keyof typeof settingNames]): string {
  return name.slice(settingsSection.length + 1);
}

/** Whether a configuration change touched a setting the connection reads (the MCP provider watches its own). */
export function affectsConnectionSettings(event: { affectsConfiguration(section: string): boolean }): boolean {
  return [settingNames.apiBaseUrl, settingNames.gitBaseUrl, settingNames.requestTimeoutSeconds].some((name) => event.affectsConfiguration(name));
}
