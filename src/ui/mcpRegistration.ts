import * as vscode from 'vscode';
import type { ConnectionService } from '../connection/connectionService';
import { mcpUrlSetting } from '../mcp/mcpOffer';
import { BitbucketMcpServerProvider, mcpProviderId } from './mcpServerProvider';

/** Everything MCP, registered from `activate()` in one call. */
export function registerBitbucketMcp(service: ConnectionService, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new BitbucketMcpServerProvider(service, log);
  const serviceChanges = service.onDidChange(() => provider.refresh());
  return [
    provider,
    vscode.lm.registerMcpServerDefinitionProvider(mcpProviderId, provider),
    new vscode.Disposable(() => serviceChanges.dispose()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(mcpUrlSetting)) provider.refresh();
    }),
  ];
}
