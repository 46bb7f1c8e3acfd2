// What loads on first use, in its own bundle (dist/features.js): the HTTP client and the schemas
// (zod, node-fetch), connect/test/disconnect, the Connect form, agent terminals and the MCP Start
// check. extension.ts requires it the first time a command, a provider or the API needs one.
import { randomUUID } from 'node:crypto';
import vscode = require('vscode');
import { BitbucketClient } from './bitbucket/client';
import { sessionFromConnectForm, type StoredConnectionSource } from './connection/authenticationProvider.vscode';
import { ConnectionController } from './connection/connectionController.vscode';
import { ConnectionService } from './connection/connectionService';
import { watchAgentTerminals } from './connection/contextKeys.vscode';
import { originConfirmation } from './connection/originConfirmation.vscode';
import { dataCenterOrigins, originsOf, pinnedOrigins } from './connection/origins';
import { pickConnection } from './connection/accountPicker.vscode';
import { connectionName, credentialText, hostText } from './connection/connectionLabels.vscode';
import { neutraliseServerText } from './bitbucket/serverText';
import { workspaceVariable } from './terminal/agentEnvironment';
import { dataCenterApiBaseUrl } from './connection/serverUrl';
import { problemAfterChange } from './connection/settings';
import { readSettings } from './connection/settings.vscode';
import type { ConnectionStatusBar } from './connection/statusBar.vscode';
import { activeProfile, readSessionCredentials, type ConnectionStore, type SecretStore } from './connection/storedConnection';
import { ConnectPanel } from './form/connectPanel.vscode';
import { answerVsCodeGit, type GitCredentials } from './git/gitCredentialsProvider.vscode';
import { mismatchLine, readRemoteUrlsWithin } from './git/gitRemotes.vscode';
import { readMcpUrl, type BitbucketMcpServerProvider } from './mcp/mcpServerProvider.vscode';
import { startMcpServer, type McpStartOutcome } from './mcp/startMcpServer.vscode';
import { AgentTerminalProfileProvider, isAgentTerminal, openAgentTerminal, type FirstLine } from './terminal/agentTerminal.vscode';
import type { ToolInvoker } from './tools/languageModelTools.vscode';
import { createToolInvoker } from './tools/toolInvoker.vscode';
import { environmentForSession, resolveAgentEnvironment, type AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';
import { renderMessage } from './userMessage';
import { hostsNotice } from './connection/formNotices';
import { trustedOrExplained } from './connection/workspaceTrust.vscode';

export interface FeatureDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly connections: ConnectionStore;
  readonly secrets: SecretStore;
  readonly statusBar: ConnectionStatusBar;
  /** The clock for expiry dates. */
  readonly now: () => Date;
  /** After every write: every view reads the stored connection again and redraws; resolves when they have. */
  readonly lookAgain: () => Promise<void>;
  /** The stored connection changed, here or in another window. */
  readonly onDidChangeConnection: vscode.Event<unknown>;
}

export interface Features {
  readonly service: ConnectionService;
  /** Connect, Test, Save Workspace and Disconnect, as the commands, the status bar and the form run them. */
  readonly controller: ConnectionController;
  readonly form: ConnectPanel;
  /** The form in Replace Token mode, or plain Connect when there is no API token to replace. */
  openReplaceForm(): Promise<void>;
  /** `credentialId`: another connection than this window's (New Agent Terminal for…). */
  openAgentTerminal(credentialId?: string): Promise<void>;
  /** Asks which connection, then opens an agent terminal for it. */
  openAgentTerminalFor(): Promise<void>;
  readonly terminalProfiles: vscode.TerminalProfileProvider;
  agentEnvironment(credentialId?: string): Promise<AgentEnvironmentResult>;
  /** For the API: the agent variables, only for the current connection's session. */
  environmentForSession(session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined): Promise<Record<string, string | null> | undefined>;
  startMcpServer(provider: BitbucketMcpServerProvider): Promise<McpStartOutcome>;
  /** After a settings change: says so when the changed setting is now refused. */
  checkSettings(event: vscode.ConfigurationChangeEvent): void;
  /** The Bitbucket tools for VS Code's agents. */
  readonly languageModelTools: ToolInvoker;
  /** For the Accounts menu's sign-in: the Connect form, until a connection with `scopes` is added. */
  sessionFromForm(accounts: StoredConnectionSource, scopes: readonly string[]): Promise<vscode.AuthenticationSession>;
  /** What VS Code's Git gets when it asks for a git host. */
  gitCredentials(host: vscode.Uri): Promise<GitCredentials | undefined>;
}

export function loadFeatures({ context, log, connections, secrets, statusBar, now, lookAgain, onDidChangeConnection }: FeatureDeps): Features {
  const manifest = context.extension.packageJSON as { readonly version: string };
  const userAgent = `nora-bitbucket-vscode/${manifest.version} (VS Code ${vscode.version})`;
  const createClient = (dataCenterServerUrl?: string) => {
    const read = readSettings();
    if (!read.ok) return read;
    const { requestTimeoutMs } = read.settings;
    if (dataCenterServerUrl !== undefined) {
      const client = new BitbucketClient({ apiBaseUrl: dataCenterApiBaseUrl(dataCenterServerUrl), timeoutMs: requestTimeoutMs, userAgent });
      return { ok: true as const, client, origins: dataCenterOrigins(dataCenterServerUrl) };
    }
    const mcpUrl = readMcpUrl();
    const origins = originsOf(read.settings, mcpUrl.ok ? mcpUrl.url : undefined);
    return { ok: true as const, client: new BitbucketClient({ apiBaseUrl: read.settings.apiBaseUrl, timeoutMs: requestTimeoutMs, userAgent }), origins };
  };
  const service = new ConnectionService({ secrets, connections, createClient, now, newCredentialId: () => randomUUID(), changed: lookAgain });
  const credentials = () => service.credentials();
  const listConnections = () => service.list();
  const activeConnection = () => activeProfile(connections);
  const readConnection = (credentialId: string) => service.credentials(credentialId);
  const agentEnvironment = (credentialId?: string) =>
    resolveAgentEnvironment(() => service.credentials(credentialId), readSettings(), process.env, vscode.workspace.isTrusted, listConnections);

  const confirmOrigin = originConfirmation(service);
  const firstLine: FirstLine = async ({ profile, env }) => {
    const account = vscode.l10n.t('Nora: Bitbucket as {0}: {1} on {2}.', neutraliseServerText(connectionName(profile)), credentialText(profile), hostText(profile));
    const mismatch = await mismatchLine(env[workspaceVariable], pinnedOrigins(profile).git);
    return mismatch ? `${account}\r\n${mismatch}` : account;
  };
  const controller = new ConnectionController(service, statusBar, log, () => form.show(), confirmOrigin);
  const notDefaultHosts = () => {
    const [settings, mcpUrl] = [readSettings(), readMcpUrl()];
    return settings.ok ? hostsNotice(settings.settings, mcpUrl.ok ? mcpUrl.url : undefined) : undefined;
  };
  const form = new ConnectPanel({ extensionUri: context.extensionUri, service, actions: controller, log, now, onDidChangeConnection, hostsNotice: notDefaultHosts });
  context.subscriptions.push(form, watchAgentTerminals(isAgentTerminal));

  return {
    service,
    controller,
    form,
    openReplaceForm: async () => {
      const status = await service.status();
      form.show(status.state === 'connected' && status.profile.credentialType === 'apiToken' ? 'replace' : 'connect');
    },
    openAgentTerminal: (credentialId) => openAgentTerminal(() => agentEnvironment(credentialId), confirmOrigin, firstLine),
    openAgentTerminalFor: async () => {
      if (service.list().length === 0) return form.show();
      const title = vscode.l10n.t('New Agent Terminal for…');
      const picked = await pickConnection(service, { title, placeholder: vscode.l10n.t('Whose Bitbucket connection should the agent terminal carry?') });
      if (picked !== undefined && picked !== 'all') await openAgentTerminal(() => agentEnvironment(picked.credentialId), confirmOrigin, firstLine);
    },
    terminalProfiles: new AgentTerminalProfileProvider(() => agentEnvironment(), confirmOrigin, firstLine),
    agentEnvironment,
    environmentForSession: (session) =>
      environmentForSession(session, () => readSessionCredentials(connections, secrets, session), readSettings(), process.env, trustedOrExplained(), listConnections),
    startMcpServer: (provider) => startMcpServer({ readCredentials: credentials, provider, log, userAgent, confirmOrigin }),
    languageModelTools: createToolInvoker(
      {
        listConnections,
        activeConnection,
        readCredentials: readConnection,
        createClient,
        readRemoteUrls: () => readRemoteUrlsWithin(2000),
        isTrusted: () => vscode.workspace.isTrusted,
      },
      log,
    ),
    sessionFromForm: (accounts, scopes) => sessionFromConnectForm(accounts, { show: (notice) => form.show('connect', notice), onDidClose: (listener) => form.onDidClose(listener) }, scopes),
    gitCredentials: (host) =>
      answerVsCodeGit(host, { connections: listConnections, active: activeConnection, readCredentials: readConnection }, log),
    checkSettings: (event) => {
      const problem = problemAfterChange(readSettings(), (setting) => event.affectsConfiguration(setting));
      if (problem) void vscode.window.showErrorMessage(renderMessage(problem, vscode.l10n.t));
    },
  };
}
