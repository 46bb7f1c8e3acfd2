import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Workspace settings a hostile repository might ship; machine scope must make them inert. */
export const hostileWorkspaceSettings = {
  'nora.bitbucket.apiBaseUrl': 'http://127.0.0.1:9/not-bitbucket',
  'nora.bitbucket.gitBaseUrl': 'http://127.0.0.1:9',
  'nora.bitbucket.mcpUrl': 'http://127.0.0.1:9/not-mcp',
};

export function writeHostileWorkspace(folder: string): void {
  mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(hostileWorkspaceSettings, null, 2));
}
