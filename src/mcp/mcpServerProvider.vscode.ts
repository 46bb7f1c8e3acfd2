import vscode = require('vscode');
import { settingKey, settingNames, settingsSection } from '../connection/settingNames';
import type { ConnectionStatusBar } from '../connection/statusBar.vscode';
import type { ConnectionProfile } from '../connection/profile';
import type { StoredCredentials } from '../connection/storedConnection';
import { fillPlaceholders, renderMessage } from '../userMessage';
import { mcpStatusLine } from './mcpMessages';
import { mcpAuthorization, offeredMcpServers, parseMcpUrl, planMcpServer, type McpOffer, type McpUrlResult, type OfferedMcpServer } from './mcpOffer';

export function readMcpUrl(): McpUrlResult {
  return parseMcpUrl(vscode.workspace.getConfiguration(settingsSection).get(settingKey(settingNames.mcpUrl)));
}

export interface McpProviderDeps {
  /** This window's connection (activeConnection.ts): the Start command and the status bar's row. */
  readonly activeProfile: () => ConnectionProfile | undefined;
  /** Every stored connection, without secrets. */
  readonly listConnections: () => readonly ConnectionProfile[];
  /** One connection with its own secret, never another's. */
  readonly readCredentials: (credentialId: string) => Promise<StoredCredentials>;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: ConnectionStatusBar;
  readonly extensionId: string;
}

/**
 * Offers Atlassian's MCP server to VS Code's own agents once per API-token connection, each
 * labelled with its account (mcpServerLabelFor). Listing reads only the profiles and the setting;
 * a server's secret is its own connection's, read when VS Code starts it, and goes into the
 * Authorization header only, never into a log. The status bar's tooltip says whether it is offered.
 */
export class BitbucketMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private lastOffers = '';
  /** What each offered server was last offered with, by label: `credentialId url`. */
  private lastOffered = new Map<string, string>();
  private readonly settingChanges: vscode.Disposable;

  constructor(private readonly deps: McpProviderDeps) {
    this.settingChanges = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(settingNames.mcpUrl)) return;
      this.update();
      const read = readMcpUrl();
      if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
    });
  }

  /** VS Code's id for a server: `<extension id>/<label>`. */
  serverIdOf(label: string): string {
    return `${this.deps.extensionId.toLowerCase()}/${label}`;
  }

  /** This window's connection's server, from the profile and the setting only: listing servers never touches SecretStorage. */
  offer(): McpOffer {
    const profile = this.deps.activeProfile();
    return planMcpServer(profile ? { state: 'connected', profile } : { state: 'disconnected' }, readMcpUrl());
  }

  /** Every connection's server. */
  private offers(): OfferedMcpServer[] {
    return offeredMcpServers(this.deps.listConnections(), readMcpUrl());
  }

  /** On every change of the stored connections or the setting; acts only when an offer changed. */
  update(): void {
    const [active, offers] = [this.offer(), this.offers()];
    if (JSON.stringify([active, offers]) === this.lastOffers) return;
    this.lastOffers = JSON.stringify([active, offers]);
    this.changed.fire();
    this.deps.statusBar.showRow(vscode.l10n.t('MCP server'), renderMessage(mcpStatusLine(active, offers), vscode.l10n.t));
    const offered = new Map(offers.map((offer) => [offer.label, `${offer.credentialId} ${offer.url}`]));
    // VS Code keeps a running server's session when the definition changes, so end it after a
    // reconnect or a removal: its next start (by an agent or the Start command) resolves again.
    for (const [label, before] of this.lastOffered) {
      if (offered.get(label) === before) continue;
      this.deps.log.info(`MCP: the connection or the URL of ${label} changed; stopping its server if it runs.`);
      void vscode.commands.executeCommand('workbench.mcp.stopServer', this.serverIdOf(label)).then(undefined, () => undefined);
    }
    this.lastOffered = offered;
  }

  provideMcpServerDefinitions(): vscode.McpHttpServerDefinition[] {
    // A new version at each connect makes VS Code refresh the tools it cached for the old token.
    return this.offers().map((offer) => new vscode.McpHttpServerDefinition(offer.label, vscode.Uri.parse(offer.url, true), {}, offer.credentialId));
  }

  async resolveMcpServerDefinition(server: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    // The connection the label names now (after Replace Token, the same account's new token).
    const offer = this.offers().find((known) => known.label === server.label);
    if (offer === undefined) {
      this.deps.log.warn(`MCP: not starting ${server.label}: no Bitbucket connection offers it now (removed, or no longer an API token).`);
      return undefined;
    }
    const resolved = mcpAuthorization(await this.deps.readCredentials(offer.credentialId), readMcpUrl(), server.uri.toString(true));
    if (!resolved.ok) {
      this.deps.log.warn(`MCP: not starting ${server.label}: ${fillPlaceholders(resolved.problem.text, ...resolved.problem.args)}`);
      return undefined;
    }
    this.deps.log.info(`MCP: starting ${server.label} at ${resolved.url}.`);
    // Exactly "Authorization": VS Code's MCP trace redacts the header under this name only.
    server.headers = { ...server.headers, Authorization: resolved.authorization };
    return server;
  }

  dispose(): void {
    this.settingChanges.dispose();
    this.changed.dispose();
  }
}
