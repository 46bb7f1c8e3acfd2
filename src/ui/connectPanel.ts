import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConnectionService } from '../connection/connectionService';
import { renderConnectPage } from './connectPage';
import type { ConnectionController } from './connectionController';
import { readRemoteWorkspaces } from './gitRemotes';
import { readSettings } from './settingsReader';
import { pinnedOrigins } from '../connection/origins';
import { webviewMessageSchema, type PanelMessage, type WebviewMessage } from './messages';
import { resultMessage, stateMessage } from './panelMessages';

/** The "Connect Bitbucket" form: one panel per window, revealed again when already open. */
export class ConnectPanel implements vscode.Disposable {
  static readonly viewType = 'nora.bitbucket.connect';
  private panel: vscode.WebviewPanel | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires when the user closes the form. */
  readonly onDidClose = this.closed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.closed];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: ConnectionService,
    private readonly controller: ConnectionController,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const changes = service.onDidChange(() => void this.postState());
    this.subscriptions.push(new vscode.Disposable(() => changes.dispose()));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'dist', 'media'); // built from media/ by esbuild.mjs
    const panel = vscode.window.createWebviewPanel(ConnectPanel.viewType, vscode.l10n.t('Connect Bitbucket'), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
    });
    const { webview } = panel;
    webview.html = renderConnectPage(
      {
        cspSource: webview.cspSource,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'connect.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'connect.css')).toString(),
      },
      vscode.l10n.t,
    );
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.closed.fire();
      },
      undefined,
      this.subscriptions,
    );
    webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.subscriptions);
    this.panel = panel;
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Connect form: dropped a message that does not fit the schema (${describe(raw)}).`);
      return;
    }
    try {
      await this.handle(parsed.data);
    } catch (error) {
      // Whatever failed (SecretStorage unreadable, say), the form must not stay busy.
      this.log.error(`Connect form: ${parsed.data.type} failed: ${String(error)}`);
      this.post({
        type: 'result',
        severity: 'error',
        message: vscode.l10n.t('That did not work, and nothing was changed. "Nora: Show Bitbucket Log" says why.'),
        details: [],
      });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.postState();
        return this.postSuggestion();
      case 'connect': {
        this.post({ type: 'busy', action: 'connect' });
        const outcome = await this.controller.connect(message.form);
        this.post(resultMessage(outcome, vscode.l10n.t));
        return;
      }
      case 'test': {
        this.post({ type: 'busy', action: 'test' });
        this.post(resultMessage(await this.controller.test(false, true), vscode.l10n.t));
        return;
      }
      case 'useWorkspace': {
        this.post({ type: 'busy', action: 'test' });
        this.post(resultMessage(await this.controller.useWorkspace(message.workspace), vscode.l10n.t));
        return;
      }
      case 'disconnect': {
        const disconnected = await this.controller.disconnect();
        this.post({
          type: 'result',
          severity: disconnected ? 'success' : 'warning',
          message: disconnected ? vscode.l10n.t('Disconnected. The secret was deleted.') : vscode.l10n.t('Still connected.'),
          details: [],
        });
        return;
      }
    }
  }

  private async postState(): Promise<void> {
    if (!this.panel) return;
    const status = await this.service.status();
    // A connection changed in another window still has a profile; Test then says to reload.
    this.post(stateMessage(status.state === 'disconnected' ? undefined : status.profile));
  }

  /** The open folder's workspace on the git host (the pinned one once connected), after the state: reading remotes takes a moment. */
  private async postSuggestion(): Promise<void> {
    const status = await this.service.status();
    const settings = readSettings();
    const gitOrigin = status.state !== 'disconnected' ? pinnedOrigins(status.profile).git : settings.ok ? new URL(settings.settings.gitBaseUrl).origin : undefined;
    const [workspace] = gitOrigin ? await readRemoteWorkspaces(gitOrigin, 3000) : [];
    if (workspace) this.post({ type: 'suggestion', workspace });
  }

  private post(message: PanelMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Enough to recognise a bad message in the log, without echoing what it holds (maybe a secret). */
function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}`;
}
