// Everything the extension does on first use: connect, test and disconnect, the Connect form and
// agent terminals, with the HTTP client and the schemas they need. extension.ts loads this module
// (its own bundle, dist/features.js) the first time one of them is needed, so that activation, in
// every window, loads none of it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { BitbucketClient } from './bitbucket/client';
import type { ConnectForm } from './connection/connectInput';
import type { ClientFactory, ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestOutcome } from './connection/connectionOutcomes';
import { ConnectionService } from './connection/connectionService';
import { originsOf } from './connection/origins';
import type { ProfileStore, SecretStore } from './connection/storedConnection';
import { AgentTerminalProfileProvider, isAgentTerminal, openAgentTerminal } from './terminal/agentTerminal';
import { environmentForSession, resolveAgentEnvironment, type AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';
import { ConnectionController } from './ui/connectionController';
import { ConnectPanel } from './ui/connectPanel';
import { watchAgentTerminals } from './ui/contextKeys';
import { mismatchLine } from './ui/gitRemotes';
import { readMcpUrl } from './ui/mcpServerProvider';
import { originConfirmation } from './ui/originConfirmation';
import { startMcpServer, type McpStartDeps, type McpStartOutcome } from './ui/startMcpServer';
import { readSettings } from './ui/settingsReader';
import type { ConnectionStatusBar } from './ui/statusBar';
import { renderMessage, type UserMessage } from './userMessage';
import { trustedOrExplained } from './connection/workspaceTrust.vscode';

export interface FeatureDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly statusBar: ConnectionStatusBar;
  /** The clock for expiry dates. */
  readonly now: () => Date;
  /** Told after every change this window makes or notices to the stored connection. */
  readonly connectionChanged: () => void;
}

export interface Features {
  /** Shows the stored connection in the status bar (and the last failed test of it). */
  refresh(): Promise<void>;
  /** Something outside this window may have changed the stored connection: look again. */
  lookAgain(): void;
  openForm(notice?: UserMessage): void;
  /** The form in Replace Token mode, or plain Connect when there is no API token to replace. */
  openReplaceForm(): Promise<void>;
  readonly onFormClosed: vscode.Event<void>;
  test(notify: boolean): Promise<TestOutcome>;
  disconnect(): Promise<boolean>;
  openAgentTerminal(): Promise<void>;
  readonly terminalProfiles: vscode.TerminalProfileProvider;
  agentEnvironment(): Promise<AgentEnvironmentResult>;
  /** For the API: the agent variables, only for the current connection's session. */
  environmentForSession(session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined): Promise<Record<string, string | null> | undefined>;
  startMcpServer(deps: Omit<McpStartDeps, 'userAgent' | 'confirmOrigin'>): Promise<McpStartOutcome>;
  /** Says so when the settings just changed to something that is refused. */
  checkSettings(): void;
  /** For extension-host tests: the form's own path; and disconnect without the modal (also Sign Out, which VS Code confirmed). */
  connect(form: ConnectForm): Promise<ConnectOutcome>;
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome>;
  disconnectWithoutAsking(): Promise<void>;
}

export function startFeatures({ context, log, profiles, secrets, statusBar, now, connectionChanged }: FeatureDeps): Features {
  const manifest = context.extension.packageJSON as { readonly version: string };
  const userAgent = `nora-bitbucket-vscode/${manifest.version} (VS Code ${vscode.version})`;
  const createClient: ClientFactory = () => {
    const read = readSettings();
    if (!read.ok) return read;
    const { apiBaseUrl, requestTimeoutMs } = read.settings;
    const mcpUrl = readMcpUrl();
    const origins = originsOf(read.settings, mcpUrl.ok ? mcpUrl.url : undefined);
    return { ok: true, client: new BitbucketClient({ apiBaseUrl, timeoutMs: requestTimeoutMs, userAgent }), origins };
  };
  const service = new ConnectionService({ secrets, profiles, createClient, now, newCredentialId: () => randomUUID() });
  const agentEnvironment = () => resolveAgentEnvironment(() => service.credentials(), readSettings(), process.env, vscode.workspace.isTrusted);

  const confirmOrigin = originConfirmation(service);
  // The agent terminal runs with settings that passed the origin check: the git host is the pinned one.
  const firstLine = async (workspace: string | undefined) => {
    const read = readSettings();
    return read.ok ? mismatchLine(workspace, read.settings.gitBaseUrl) : undefined;
  };
  const controller = new ConnectionController(vscode, service, statusBar, log, () => panel.show(), confirmOrigin);
  const panel = new ConnectPanel(context.extensionUri, service, controller, log, now);
  const changes = service.onDidChange(() => {
    void controller.refresh();
    connectionChanged();
  });
  context.subscriptions.push(panel, new vscode.Disposable(() => changes.dispose()), watchAgentTerminals((terminal) => isAgentTerminal(vscode, terminal)));

  return {
    refresh: () => controller.refresh(),
    lookAgain: () => service.changed(),
    openForm: (notice) => panel.show('connect', notice),
    openReplaceForm: async () => {
      const status = await service.status();
      panel.show(status.state === 'connected' && status.profile.credentialType === 'apiToken' ? 'replace' : 'connect');
    },
    onFormClosed: panel.onDidClose,
    test: (notify) => controller.test(notify),
    disconnect: () => controller.disconnect(),
    openAgentTerminal: () => openAgentTerminal(vscode, agentEnvironment, confirmOrigin, firstLine),
    terminalProfiles: new AgentTerminalProfileProvider(vscode, agentEnvironment, confirmOrigin, firstLine),
    agentEnvironment,
    environmentForSession: (session) => environmentForSession(session, () => service.credentials(), readSettings(), process.env, trustedOrExplained()),
    startMcpServer: (deps) => startMcpServer({ ...deps, userAgent, confirmOrigin }),
    checkSettings: () => {
      const read = readSettings();
      if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
    },
    connect: (form) => controller.connect(form),
    replaceToken: (form) => controller.replaceToken(form),
    disconnectWithoutAsking: () => service.disconnect(),
  };
}
