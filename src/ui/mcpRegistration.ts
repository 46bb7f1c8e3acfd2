import * as vscode from 'vscode';
import type { ConnectionService } from '../connection/connectionService';
import type { ProfileStore } from '../connection/storedConnection';
import { mcpStatusLine } from '../mcp/mcpMessages';
import { mcpServerLabel, mcpUrlSetting } from '../mcp/mcpOffer';
import { renderMessage } from '../userMessage';
import { BitbucketMcpServerProvider, readMcpUrl } from './mcpServerProvider';
import type { ConnectionStatusBar } from './statusBar';
import { startMcpServer, type McpStartOutcome } from './startMcpServer';

export interface McpRegistrationDeps {
  readonly service: ConnectionService;
  readonly profiles: ProfileStore;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: ConnectionStatusBar;
  readonly extensionId: string;
  readonly userAgent: string;
  /** Fires the change event of the provider registered at activation. */
  readonly definitionsChanged: vscode.EventEmitter<void>;
}

export interface BitbucketMcp {
  readonly provider: BitbucketMcpServerProvider;
  start(): Promise<McpStartOutcome>;
  readonly disposables: vscode.Disposable[];
}

/**
 * Everything MCP behind the provider and the command that `activate()` registers: the provider
 * itself, the Start command, and keeping the offer, VS Code and the status bar in step.
 */
export function setUpBitbucketMcp(deps: McpRegistrationDeps): BitbucketMcp {
  const { service, log, statusBar } = deps;
  const provider = new BitbucketMcpServerProvider(service, deps.profiles, log, deps.definitionsChanged);
  const serverId = `${deps.extensionId.toLowerCase()}/${mcpServerLabel}`;
  let lastOffer = '';
  let lastOffered: string | undefined;
  /** Called on every possible change (also a focus or a test); acts only when the offer changed. */
  const update = () => {
    const offer = provider.offer();
    if (JSON.stringify(offer) === lastOffer) return;
    lastOffer = JSON.stringify(offer);
    provider.refresh();
    statusBar.showMcp(renderMessage(mcpStatusLine(offer), vscode.l10n.t));
    const offered = offer.offered ? `${offer.credentialId} ${offer.url}` : undefined;
    // VS Code keeps a running server's session when the definition changes, so end it after a
    // reconnect: its next start (by an agent or the Start command) resolves the new token.
    if (lastOffered !== undefined && offered !== lastOffered) {
      log.info('MCP: the connection or the URL changed; stopping a running Bitbucket MCP server.');
      void vscode.commands.executeCommand('workbench.mcp.stopServer', serverId).then(undefined, () => undefined);
    }
    lastOffered = offered;
  };
  const serviceChanges = service.onDidChange(update);
  update();
  return {
    provider,
    start: () => startMcpServer({ service, provider, log, userAgent: deps.userAgent, serverId }),
    disposables: [
      new vscode.Disposable(() => serviceChanges.dispose()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(mcpUrlSetting)) return;
        update();
        const read = readMcpUrl();
        if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
      }),
    ],
  };
}
