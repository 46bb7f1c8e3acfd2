import vscode = require('vscode');
import { settingKey, settingNames, settingsSection } from '../connection/settingNames';
import type { ConnectionStatusBar } from '../connection/statusBar.vscode';
import type { ConnectionProfile } from '../connection/profile';
import type { StoredCredentials } from '../connection/storedConnection';
import { fillPlaceholders, renderMessage } from '../userMessage';
import { mcpStatusLine } from './mcpMessages';
import { mcpAuthorization, mcpServerLabel, parseMcpUrl, planMcpServer, type McpOffer, type McpUrlResult } from './mcpOffer';

export function readMcpUrl(): McpUrlResult {
  return parseMcpUrl(vscode.workspace.getConfiguration(settingsSection).get(settingKey(settingNames.mcpUrl)));
}

export interface McpProviderDeps {
  /** This window's connection (activeConnection.ts). */
  readonly activeProfile: () => ConnectionProfile | undefined;
  readonly readCredentials: () => Promise<StoredCredentials>;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: ConnectionStatusBar;
  readonly extensionId: string;
}

/**
 * Offers Atlassian's MCP server to VS Code's own agents while connected with an API token.
 * Listing reads only the profile and the setting; the secret is read when VS Code starts the
 * server, and goes into the Authorization header only, never into a log. The status bar's
 * tooltip says whether it is offered.
 */
export class BitbucketMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  /** VS Code's id for our server: `<extension id>/<label>`. */
  readonly serverId: string;
  private lastOffer = '';
  private lastOffered: string | undefined;
  private readonly settingChanges: vscode.Disposable;

  constructor(private readonly deps: McpProviderDeps) {
    this.serverId = `${deps.extensionId.toLowerCase()}/${mcpServerLabel}`;
    this.settingChanges = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(settingNames.mcpUrl)) return;
      this.update();
      const read = readMcpUrl();
      if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
    });
  }

  /** From the profile and the setting only: listing servers never touches SecretStorage. */
  offer(): McpOffer {
    const profile = this.deps.activeProfile();
    return planMcpServer(profile ? { state: 'connected', profile } : { state: 'disconnected' }, readMcpUrl());
  }

  /** On every change of the stored connection or the setting; acts only when the offer changed. */
  update(): void {
    const offer = this.offer();
    if (JSON.stringify(offer) === this.lastOffer) return;
    this.lastOffer = JSON.stringify(offer);
    this.changed.fire();
    this.deps.statusBar.showRow(vscode.l10n.t('MCP server'), renderMessage(mcpStatusLine(offer), vscode.l10n.t));
    const offered = offer.offered ? `${offer.credentialId} ${offer.url}` : undefined;
    // VS Code keeps a running server's session when the definition changes, so end it after a
    // reconnect: its next start (by an agent or the Start command) resolves the new token.
    if (this.lastOffered !== undefined && offered !== this.lastOffered) {
      this.deps.log.info('MCP: the connection or the URL changed; stopping a running Bitbucket MCP server.');
      void vscode.commands.executeCommand('workbench.mcp.stopServer', this.serverId).then(undefined, () => undefined);
    }
    this.lastOffered = offered;
  }

  provideMcpServerDefinitions(): vscode.McpHttpServerDefinition[] {
    const offer = this.offer();
    if (!offer.offered) return [];
    // A new version at each connect makes VS Code refresh the tools it cached for the old connection.
    return [new vscode.McpHttpServerDefinition(mcpServerLabel, vscode.Uri.parse(offer.url, true), {}, offer.credentialId)];
  }

  async resolveMcpServerDefinition(server: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    const resolved = mcpAuthorization(await this.deps.readCredentials(), readMcpUrl(), server.uri.toString(true));
    if (!resolved.ok) {
      this.deps.log.warn(`MCP: not starting ${mcpServerLabel}: ${fillPlaceholders(resolved.problem.text, ...resolved.problem.args)}`);
      return undefined;
    }
    this.deps.log.info(`MCP: starting ${mcpServerLabel} at ${resolved.url}.`);
    // Exactly "Authorization": VS Code's MCP trace redacts the header under this name only.
    server.headers = { ...server.headers, Authorization: resolved.authorization };
    return server;
  }

  dispose(): void {
    this.settingChanges.dispose();
    this.changed.dispose();
  }
}
