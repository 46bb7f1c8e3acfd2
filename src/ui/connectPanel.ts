import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FormMode } from '../connection/connectFields';
import type { ConnectionService } from '../connection/connectionService';
import { renderConnectPage } from '../form/connectPage';
import type { ConnectionController } from './connectionController';
import { pinnedOrigins } from '../connection/origins';
import { ConnectFormProtocol } from './connectFormProtocol';
import { readRemoteWorkspaces } from './gitRemotes';
import { readSettings } from './settingsReader';
import { hostsNotice } from '../connection/formNotices';
import { readMcpUrl } from './mcpServerProvider';
import type { UserMessage } from '../userMessage';

/** The "Connect Bitbucket" form: one panel per window, revealed again when already open. */
export class ConnectPanel implements vscode.Disposable {
  static readonly viewType = 'nora.bitbucket.connect';
  private panel: vscode.WebviewPanel | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires when the user closes the form. */
  readonly onDidClose = this.closed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.closed];
  private readonly protocol: ConnectFormProtocol;

  constructor(
    private readonly extensionUri: vscode.Uri,
    service: ConnectionService,
    controller: ConnectionController,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => Date,
  ) {
    this.protocol = new ConnectFormProtocol({
      service,
      controller,
      log,
      t: vscode.l10n.t,
      post: (message) => void this.panel?.webview.postMessage(message),
      suggestWorkspace: () => this.remoteWorkspace(service),
      hostsNotice: () => {
        const [settings, mcpUrl] = [readSettings(), readMcpUrl()];
        return settings.ok ? hostsNotice(settings.settings, mcpUrl.ok ? mcpUrl.url : undefined) : undefined;
      },
    });
    const changes = service.onDidChange(() => void this.postState());
    this.subscriptions.push(new vscode.Disposable(() => changes.dispose()));
  }

  /** `notice`: what an extension waiting for a session asked for, shown until the form closes or shows without one. */
  show(mode: FormMode = 'connect', notice?: UserMessage): void {
    this.protocol.mode = mode;
    this.protocol.notice = notice;
    if (this.panel) {
      this.panel.reveal();
      void this.postState();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'dist', 'media'); // built by esbuild.mjs
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
        language: vscode.env.language,
        today: this.now(),
      },
      vscode.l10n.t,
    );
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.protocol.notice = undefined;
        this.closed.fire();
      },
      undefined,
      this.subscriptions,
    );
    webview.onDidReceiveMessage((raw: unknown) => void this.protocol.receive(raw), undefined, this.subscriptions);
    this.panel = panel;
  }

  /** After a change made elsewhere; a state that cannot be read is logged, and the form keeps what it shows. */
  private async postState(): Promise<void> {
    if (!this.panel) return;
    await this.protocol.postState().catch((error: unknown) => this.log.error(`Connect form: reading the connection failed: ${String(error)}`));
  }

  /** The open folder's workspace on the git host (the pinned one once connected). */
  private async remoteWorkspace(service: ConnectionService): Promise<string | undefined> {
    const status = await service.status();
    const settings = readSettings();
    const gitOrigin = status.state !== 'disconnected' ? pinnedOrigins(status.profile).git : settings.ok ? new URL(settings.settings.gitBaseUrl).origin : undefined;
    const [workspace] = gitOrigin ? await readRemoteWorkspaces(gitOrigin, 3000) : [];
    return workspace;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
