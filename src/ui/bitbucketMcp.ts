import * as vscode from 'vscode';
import type { ProfileStore, StoredCredentials } from '../connection/storedConnection';
import { mcpStatusLine } from '../mcp/mcpMessages';
import { mcpServerLabel, mcpUrlSetting } from '../mcp/mcpOffer';
import { renderMessage } from '../userMessage';
import { BitbucketMcpServerProvider, readMcpUrl } from './mcpServerProvider';
import type { ConnectionStatusBar } from './statusBar';
import type { McpStartDeps } from './startMcpServer';

export interface BitbucketMcpDeps {
  readonly profiles: ProfileStore;
  readonly readCredentials: () => Promise<StoredCredentials>;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: ConnectionStatusBar;
  readonly extensionId: string;
  /** The provider's change event, which activation gave VS Code. */
  readonly serversChanged: vscode.EventEmitter<void>;
  /** The Start command, which probes the server over HTTP: loaded on first use. */
  readonly start: (deps: Omit<McpStartDeps, 'userAgent' | 'confirmOrigin'>) => Promise<unknown>;
}

export interface BitbucketMcp {
  /** What activation's provider hands VS Code's questions to. */
  readonly provider: BitbucketMcpServerProvider;
  /** Call at start and on every possible change of the connection (also a focus or a test); acts only when the offer changed. */
  update(): void;
  /** The Start command. */
  start(): Promise<unknown>;
  readonly disposables: vscode.Disposable[];
}

/**
 * Everything MCP behind the provider and the Start command that activation registered: listing
 * reads only the profile and the setting, and VS Code and the status bar are kept in step with
 * the offer.
 */
export function bitbucketMcp(deps: BitbucketMcpDeps): BitbucketMcp {
  const { log, statusBar } = deps;
  const provider = new BitbucketMcpServerProvider(deps.readCredentials, deps.profiles, log, deps.serversChanged);
  const serverId = `${deps.extensionId.toLowerCase()}/${mcpServerLabel}`;
  let lastOffer = '';
  let lastOffered: string | undefined;
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
  return {
    provider,
    update,
    start: () => deps.start({ readCredentials: deps.readCredentials, provider, log, serverId }),
    disposables: [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(mcpUrlSetting)) return;
        update();
        const read = readMcpUrl();
        if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
      }),
    ],
  };
}
