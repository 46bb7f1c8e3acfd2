import { randomBytes } from 'node:crypto';
import vscode = require('vscode');
import type { FormMode } from '../connection/connectFields';
import type { ConnectionService } from '../connection/connectionService';
import { pinnedOrigins } from '../connection/origins';
import { readSettings } from '../connection/settings.vscode';
import { readRemoteWorkspaces } from '../git/gitRemotes.vscode';
import type { UserMessage } from '../userMessage';
import { renderConnectPage } from './connectPage';
import { ConnectFormProtocol, type FormActions } from './connectFormProtocol';

export interface ConnectPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly service: ConnectionService;
  readonly actions: FormActions;
  readonly log: vscode.LogOutputChannel;
  readonly now: () => Date;
  /** The stored connection changed, here or in another window. */
  readonly onDidChangeConnection: vscode.Event<unknown>;
  /** Before the first Connect: which hosts are not the default ones, if any. */
  readonly hostsNotice: () => UserMessage | undefined;
}

/** The "Connect Bitbucket" form: one panel per window, revealed again when already open. */
export class ConnectPanel implements vscode.Disposable {
  static readonly viewType = 'nora.bitbucket.connect';
  private panel: vscode.WebviewPanel | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires when the user closes the form. */
  readonly onDidClose = this.closed.event;
  private readonly protocol: ConnectFormProtocol;
  private readonly connectionChanges: vscode.Disposable;

  constructor(private readonly deps: ConnectPanelDeps) {
    this.protocol = new ConnectFormProtocol({
      service: deps.service,
      controller: deps.actions,
      log: deps.log,
      t: vscode.l10n.t,
      post: (message) => void this.panel?.webview.postMessage(message),
      suggestWorkspace: () => this.remoteWorkspace(),
      hostsNotice: deps.hostsNotice,
      focusForm: () => this.panel?.reveal(this.panel.viewColumn, false),
    });
    this.connectionChanges = deps.onDidChangeConnection(() => void this.postState());
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
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'media'); // built by esbuild.mjs
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
        today: this.deps.now(),
      },
      vscode.l10n.t,
    );
    // This panel's listeners go with it: the form can be opened and closed many times a session.
    const messages = webview.onDidReceiveMessage((raw: unknown) => void this.protocol.receive(raw));
    const disposed = panel.onDidDispose(() => {
      messages.dispose();
      disposed.dispose();
      this.panel = undefined;
      this.protocol.notice = undefined;
      this.closed.fire();
    });
    this.panel = panel;
  }

  /** After a change made elsewhere; a state that cannot be read is logged, and the form keeps what it shows. */
  private async postState(): Promise<void> {
    if (!this.panel) return;
    await this.protocol.postState().catch((error: unknown) => this.deps.log.error(`Connect form: reading the connection failed: ${String(error)}`));
  }

  /** The open folder's workspace on the git host (the pinned one once connected). */
  private async remoteWorkspace(): Promise<string | undefined> {
    const status = await this.deps.service.status();
    const settings = readSettings();
    const gitOrigin = status.state !== 'disconnected' ? pinnedOrigins(status.profile).git : settings.ok ? new URL(settings.settings.gitBaseUrl).origin : undefined;
    const [workspace] = gitOrigin ? await readRemoteWorkspaces(gitOrigin, 3000) : [];
    return workspace;
  }

  dispose(): void {
    this.panel?.dispose();
    this.connectionChanges.dispose();
    this.closed.dispose();
  }
}
