import vscode = require('vscode');
import type { StoredCredentials } from '../connection/storedConnection';
import { mcpFailureMessage, mcpStartedMessage } from './mcpMessages';
import { mcpAuthorization, type McpNotOfferedReason } from './mcpOffer';
import { probeMcpServer, type McpProbeFailure } from './mcpProbe';
import { fillPlaceholders, renderMessage, type UserMessage } from '../userMessage';
import { commandIds } from '../commandIds';
import { readMcpUrl, type BitbucketMcpServerProvider } from './mcpServerProvider.vscode';
import type { ConfirmOrigin } from '../connection/origins';
import { readSettings } from '../connection/settings.vscode';

export type McpStartOutcome =
  | { readonly ok: true; readonly toolNames: readonly string[] }
  | { readonly ok: false; readonly reason: McpNotOfferedReason | McpProbeFailure['kind'] | 'notStarted' };

export interface McpStartDeps {
  readonly readCredentials: () => Promise<StoredCredentials>;
  readonly provider: BitbucketMcpServerProvider;
  readonly log: vscode.LogOutputChannel;
  readonly userAgent: string;
  /** The modal that lets the token go to a host other than the one pinned at Connect. */
  readonly confirmOrigin: ConfirmOrigin;
}

const t = (message: UserMessage) => renderMessage(message, vscode.l10n.t);
const forLog = (message: UserMessage) => fillPlaceholders(message.text, ...message.args);

/**
 * "Nora: Start Bitbucket MCP Server": checks the server with the stored token, tells the outcome in
 * plain words, and on success has VS Code start it so its tools reach the agents.
 */
export async function startMcpServer(deps: McpStartDeps): Promise<McpStartOutcome> {
  const { log } = deps;
  const offer = deps.provider.offer();
  if (!offer.offered && offer.reason === 'originChanged') {
    const stored = await deps.readCredentials();
    // Nothing was sent: ask, and start once the user confirms the new host.
    if (stored.state === 'connected' && (await deps.confirmOrigin(stored.profile.credentialId, offer.change))) return startMcpServer(deps);
    return { ok: false, reason: offer.reason };
  }
  if (!offer.offered) {
    log.info(`MCP: not offered: ${forLog(offer.problem)}`);
    const connect = vscode.l10n.t('Connect Bitbucket');
    const actions = offer.reason === 'notConnected' || offer.reason === 'appPassword' || offer.reason === 'accessToken' || offer.reason === 'dataCenter' ? [connect] : [];
    void vscode.window.showWarningMessage(t(offer.problem), ...actions).then((choice) => {
      if (choice === connect) void vscode.commands.executeCommand(commandIds.connect);
    });
    return { ok: false, reason: offer.reason };
  }
  const resolved = mcpAuthorization(await deps.readCredentials(), readMcpUrl(), offer.url);
  if (!resolved.ok) {
    void vscode.window.showWarningMessage(t(resolved.problem));
    return { ok: false, reason: 'notStarted' };
  }
  const settings = readSettings();
  const timeoutMs = settings.ok ? settings.settings.requestTimeoutMs : 15_000;
  log.info(`MCP: checking ${offer.url}.`);
  const probe = await probeMcpServer({ url: resolved.url, authorization: resolved.authorization, timeoutMs, userAgent: deps.userAgent });
  if (!probe.ok) {
    const message = mcpFailureMessage(probe.failure, offer.url, timeoutMs / 1000);
    log.warn(`MCP: ${forLog(message)}`);
    void notifyFailure(t(message), log);
    return { ok: false, reason: probe.failure.kind };
  }
  try {
    await vscode.commands.executeCommand('workbench.mcp.startServer', deps.provider.serverIdOf(offer.label), { waitForLiveTools: true });
  } catch (error) {
    log.error(`MCP: VS Code could not start the server: ${error instanceof Error ? error.message : String(error)}`);
    void notifyFailure(vscode.l10n.t('VS Code could not start the Bitbucket MCP server. See the log.'), log);
    return { ok: false, reason: 'notStarted' };
  }
  const message = mcpStartedMessage(probe.toolNames);
  log.info(`MCP: ${forLog(message)}`);
  void vscode.window.showInformationMessage(t(message));
  return { ok: true, toolNames: probe.toolNames };
}

async function notifyFailure(message: string, log: vscode.LogOutputChannel): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  if ((await vscode.window.showErrorMessage(message, showLog)) === showLog) log.show();
}
