import * as vscode from 'vscode';
import type { ProfileStore, StoredCredentials } from '../connection/storedConnection';
import { mcpAuthorization, mcpServerLabel, parseMcpUrl, planMcpServer, type McpOffer, type McpUrlResult } from '../mcp/mcpOffer';
import { fillPlaceholders } from '../userMessage';
import { settingsSection } from '../commandIds';

export function readMcpUrl(): McpUrlResult {
  return parseMcpUrl(vscode.workspace.getConfiguration(settingsSection).get('mcpUrl'));
}

/**
 * Offers Atlassian's MCP server to VS Code's own agents while connected with an API token.
 * Listing reads only the profile and the setting; the secret is read when VS Code starts the
 * server, and goes into the Authorization header only, never into a log.
 */
export class BitbucketMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition> {
  readonly onDidChangeMcpServerDefinitions: vscode.Event<void>;

  /** `changed`: created at activation, when VS Code subscribed to it; its owner disposes it. */
  constructor(
    private readonly readCredentials: () => Promise<StoredCredentials>,
    private readonly profiles: ProfileStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly changed: vscode.EventEmitter<void>,
  ) {
    this.onDidChangeMcpServerDefinitions = changed.event;
  }

  /** From the profile and the setting only: listing servers never touches SecretStorage. */
  offer(): McpOffer {
    const profile = this.profiles.get();
    return planMcpServer(profile ? { state: 'connected', profile } : { state: 'disconnected' }, readMcpUrl());
  }

  /** Connect, reconnect, disconnect (in any window) or a changed setting: VS Code asks again. */
  refresh(): void {
    this.changed.fire();
  }

  provideMcpServerDefinitions(): vscode.McpHttpServerDefinition[] {
    const offer = this.offer();
    if (!offer.offered) return [];
    // A new version at each connect makes VS Code refresh the tools it cached for the old connection.
    return [new vscode.McpHttpServerDefinition(mcpServerLabel, vscode.Uri.parse(offer.url, true), {}, offer.credentialId)];
  }

  async resolveMcpServerDefinition(server: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    const resolved = mcpAuthorization(await this.readCredentials(), readMcpUrl(), server.uri.toString(true));
    if (!resolved.ok) {
      this.log.warn(`MCP: not starting ${mcpServerLabel}: ${fillPlaceholders(resolved.problem.text, ...resolved.problem.args)}`);
      return undefined;
    }
    this.log.info(`MCP: starting ${mcpServerLabel} at ${resolved.url}.`);
    // Exactly "Authorization": VS Code's MCP trace redacts the header under this name only.
    server.headers = { ...server.headers, Authorization: resolved.authorization };
    return server;
  }
}
