import * as vscode from 'vscode';
import { BitbucketClient } from './bitbucket/client';
import { ConnectionService, type ClientFactory } from './connection/connectionService';
import { renderMessage } from './userMessage';
import { commandIds } from './ui/commandIds';
import { ConnectionController } from './ui/connectionController';
import { ConnectPanel } from './ui/connectPanel';
import { readSettings, settingsSection } from './ui/settingsReader';
import { ConnectionStatusBar } from './ui/statusBar';
import { onDidChangeSecret, profileStore, secretStore } from './ui/storage';

/** Wiring only. Activation reads local storage and makes no network call. */
export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Nora Bitbucket', { log: true });
  const userAgent = `nora-bitbucket-vscode/${String(context.extension.packageJSON.version)} (VS Code ${vscode.version})`;

  const createClient: ClientFactory = () => {
    const read = readSettings();
    if (!read.ok) return read;
    const { apiBaseUrl, requestTimeoutMs } = read.settings;
    return { ok: true, client: new BitbucketClient({ apiBaseUrl, timeoutMs: requestTimeoutMs, userAgent }) };
  };
  const service = new ConnectionService({
    secrets: secretStore(context.secrets),
    profiles: profileStore(context.globalState, log),
    createClient,
    now: () => new Date(),
  });
  const statusBar = new ConnectionStatusBar();
  let panel: ConnectPanel | undefined;
  const controller = new ConnectionController(service, statusBar, log, () => panel?.show());
  panel = new ConnectPanel(context.extensionUri, service, controller, log);

  const refresh = () => void controller.refresh();
  const serviceChanges = service.onDidChange(refresh);
  context.subscriptions.push(
    log,
    statusBar,
    panel,
    new vscode.Disposable(() => serviceChanges.dispose()),
    onDidChangeSecret(context.secrets, () => service.changed()),
    vscode.commands.registerCommand(commandIds.connect, () => panel?.show()),
    vscode.commands.registerCommand(commandIds.test, () => controller.test(true)),
    vscode.commands.registerCommand(commandIds.disconnect, () => controller.disconnect()),
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(settingsSection)) return;
      const read = readSettings();
      if (!read.ok) void vscode.window.showErrorMessage(renderMessage(read.problem, vscode.l10n.t));
    }),
  );
  refresh();
  log.info(`Activated in ${Date.now() - started} ms.`);
}

export function deactivate(): void {}
