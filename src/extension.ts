import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { BitbucketConnection, NoraBitbucketApi } from '../api/nora-bitbucket';
import { BitbucketClient } from './bitbucket/client';
import type { ConnectForm } from './connection/connectInput';
import { ConnectionService, type ClientFactory, type ConnectOutcome } from './connection/connectionService';
import { agentTerminalProfileId, AgentTerminalProfileProvider, openAgentTerminal } from './terminal/agentTerminal';
import { originsOf } from './connection/origins';
import { authenticationProviderId, publicConnection } from './connection/session';
import { environmentForSession, resolveAgentEnvironment, type AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';
import { BitbucketAuthenticationProvider } from './ui/authenticationProvider';
import { commandIds } from './ui/commandIds';
import { ConnectionController } from './ui/connectionController';
import { ConnectPanel } from './ui/connectPanel';
import { originConfirmation } from './ui/originConfirmation';
import { readSettings, settingsSection } from './ui/settingsReader';
import { ConnectionStatusBar } from './ui/statusBar';
import { onDidChangeSecret, profileStore, secretStore } from './ui/storage';
import { renderMessage } from './userMessage';

/** Wiring only. Activation reads local storage and makes no network call. */
export function activate(context: vscode.ExtensionContext): NoraBitbucketApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Nora Bitbucket', { log: true });
  const userAgent = `nora-bitbucket-vscode/${String(context.extension.packageJSON.version)} (VS Code ${vscode.version})`;

  const createClient: ClientFactory = () => {
    const read = readSettings();
    if (!read.ok) return read;
    const { apiBaseUrl, requestTimeoutMs } = read.settings;
    return { ok: true, client: new BitbucketClient({ apiBaseUrl, timeoutMs: requestTimeoutMs, userAgent }), origins: originsOf(read.settings) };
  };
  const profiles = profileStore(context.globalState, log);
  const service = new ConnectionService({
    secrets: secretStore(context.secrets),
    profiles,
    createClient,
    now: () => new Date(),
    newCredentialId: () => randomUUID(),
  });
  const agentEnvironment = () => resolveAgentEnvironment(() => service.credentials(), readSettings(), process.env);

  const statusBar = new ConnectionStatusBar();
  const confirmOrigin = originConfirmation(service);
  let panel: ConnectPanel | undefined;
  const controller = new ConnectionController(service, statusBar, log, () => panel?.show(), confirmOrigin);
  panel = new ConnectPanel(context.extensionUri, service, controller, log);

  const authentication = new BitbucketAuthenticationProvider(service, panel, () => controller.disconnect());
  const connectionChanged = new vscode.EventEmitter<BitbucketConnection | undefined>();
  let lastAnnounced = JSON.stringify(profiles.get());
  const serviceChanges = service.onDidChange(() => {
    void controller.refresh();
    const profile = profiles.get();
    if (JSON.stringify(profile) === lastAnnounced) return;
    lastAnnounced = JSON.stringify(profile);
    connectionChanged.fire(profile && publicConnection(profile));
  });
  context.subscriptions.push(
    log,
    statusBar,
    panel,
    authentication,
    vscode.authentication.registerAuthenticationProvider(authenticationProviderId, vscode.l10n.t('Bitbucket (Nora)'), authentication),
    connectionChanged,
    new vscode.Disposable(() => serviceChanges.dispose()),
    onDidChangeSecret(context.secrets, () => service.changed()),
    lookAgainOnFocus(() => service.changed()),
    vscode.commands.registerCommand(commandIds.connect, () => panel?.show()),
    vscode.commands.registerCommand(commandIds.test, () => controller.test(true)),
    vscode.commands.registerCommand(commandIds.disconnect, () => controller.disconnect()),
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
    vscode.commands.registerCommand(commandIds.newAgentTerminal, () => openAgentTerminal(agentEnvironment, confirmOrigin)),
    vscode.window.registerTerminalProfileProvider(agentTerminalProfileId, new AgentTerminalProfileProvider(agentEnvironment, confirmOrigin)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(settingsSection)) return;
      const read = readSettings();
      if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
    }),
  );
  void controller.refresh();
  log.info(`Activated in ${Date.now() - started} ms.`);

  const api: NoraBitbucketApi = {
    getConnection: () => {
      const profile = profiles.get();
      return profile && publicConnection(profile);
    },
    // The secret goes only to a caller that already holds it, through a session the user allowed.
    getEnvironment: (session) => environmentForSession(session, () => service.credentials(), readSettings(), process.env),
    onDidChangeConnection: connectionChanged.event,
  };
  // Extension-host tests drive the form's own code path; nothing of this exists for users.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const testing: TestingHooks = {
    connect: (form) => controller.connect(form),
    disconnect: () => service.disconnect(),
    agentEnvironment,
    storage: { secrets: context.secrets, globalState: context.globalState },
  };
  return Object.assign(api, { testing });
}

/**
 * Not every host tells a window that another one changed a secret (VS Code in a browser does not),
 * so look again when the window gains focus, and twice more in the next seconds: the other
 * window's writes to the shared state are flushed lazily and can land just after the switch.
 */
function lookAgainOnFocus(lookAgain: () => void): vscode.Disposable {
  let later: NodeJS.Timeout[] = [];
  const cancel = () => later.forEach(clearTimeout);
  const focus = vscode.window.onDidChangeWindowState((state) => {
    if (!state.focused) return;
    lookAgain();
    cancel();
    later = [1000, 4000].map((delayMs) => setTimeout(lookAgain, delayMs));
  });
  return new vscode.Disposable(() => {
    cancel();
    focus.dispose();
  });
}

/** Only in `ExtensionMode.Test`. */
export interface TestingHooks {
  connect(form: ConnectForm): Promise<ConnectOutcome>;
  disconnect(): Promise<void>;
  agentEnvironment(): Promise<AgentEnvironmentResult>;
  storage: { secrets: vscode.SecretStorage; globalState: vscode.Memento };
}
