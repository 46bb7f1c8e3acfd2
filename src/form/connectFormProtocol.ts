import type { FormMode } from '../connection/connectFields';
import type { ConnectForm } from '../connection/connectInput';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestOutcome } from '../connection/connectionOutcomes';
import type { ConnectionService } from '../connection/connectionService';
import { renderMessage, type Translate, type UserMessage } from '../userMessage';
import { webviewMessageSchema, type PanelMessage, type WebviewMessage } from './messages';
import { resultMessage, stateMessage } from './panelMessages';

/** What the form's buttons do (the connection controller, which also keeps the status bar and the log in step). */
export interface FormActions {
  connect(form: ConnectForm): Promise<ConnectOutcome>;
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome>;
  /** `notify`: also as a notification; `listWorkspaces`: with the account's workspaces to pick from. */
  test(notify: boolean, listWorkspaces: boolean): Promise<TestOutcome>;
  useWorkspace(text: string): Promise<TestOutcome>;
  /** Asks first; returns whether it disconnected. `credentialId`: the connection the form shows. */
  disconnect(credentialId?: string): Promise<boolean>;
}

export interface ConnectFormProtocolDeps {
  readonly service: Pick<ConnectionService, 'status'>;
  readonly controller: FormActions;
  readonly log: { warn(message: string): void; error(message: string): void };
  readonly t: Translate;
  /** To the form's webview. */
  readonly post: (message: PanelMessage) => void;
  /** The open folder's remote workspace, to suggest, if it has one. */
  readonly suggestWorkspace: () => Promise<string | undefined>;
  /** Before the first Connect: the hosts the credential would go to, when they are not the defaults. */
  readonly hostsNotice: () => UserMessage | undefined;
  /** Gives the form the focus back after VS Code's modal question (Disconnect asks first). */
  readonly focusForm: () => void;
}

/**
 * The extension's side of the Connect form's messages (the panel only carries them). Every request
 * gets an answer, a result or an error, so the form never stays busy.
 */
export class ConnectFormProtocol {
  /** `replace`: Replace Token (until it succeeds or the form is opened for Connect). */
  mode: FormMode = 'connect';
  /** What another extension waiting for a session asked for (see the authentication provider). */
  notice: UserMessage | undefined;
  /** The connection the form shows (this window's): its Disconnect button removes that one only. */
  private shownCredentialId: string | undefined;

  constructor(private readonly deps: ConnectFormProtocolDeps) {}

  async receive(raw: unknown): Promise<void> {
    const { log, post, t } = this.deps;
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn(`Connect form: dropped a message that does not fit the schema (${describe(raw)}).`);
      return;
    }
    try {
      await this.handle(parsed.data);
    } catch (error) {
      // Whatever failed (SecretStorage unreadable, say), the form must not stay busy.
      log.error(`Connect form: ${parsed.data.type} failed: ${String(error)}`);
      post({
        type: 'result',
        severity: 'error',
        message: t('That did not work, and nothing was changed. "Nora: Show Bitbucket Log" says why.'),
        details: [],
      });
    }
  }

  /** The stored connection as the form shows it. */
  async postState(): Promise<void> {
    const status = await this.deps.service.status();
    this.shownCredentialId = status.state === 'disconnected' ? undefined : status.profile.credentialId;
    if (status.state === 'disconnected') this.mode = 'connect';
    // A connection changed in another window still has a profile; Test then says to reload.
    const hosts = status.state === 'disconnected' ? this.deps.hostsNotice() : undefined;
    const notices = [hosts, this.notice].flatMap((notice) => (notice ? [renderMessage(notice, this.deps.t)] : []));
    this.deps.post({ ...stateMessage(status.state === 'disconnected' ? undefined : status.profile, this.mode), ...(notices.length > 0 && { notices }) });
  }

  /** Posts a request's result and, as the form does, leaves Replace mode after anything but an error. */
  private answer(result: PanelMessage): void {
    if (result.type === 'result' && result.severity !== 'error') this.mode = 'connect';
    this.deps.post(result);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const { controller, post, t } = this.deps;
    switch (message.type) {
      case 'ready': {
        await this.postState();
        // After the state: reading the remotes takes a moment, and the form works without them.
        const workspace = await this.deps.suggestWorkspace().catch(() => undefined);
        if (workspace) post({ type: 'suggestion', workspace });
        return;
      }
      case 'connect': {
        post({ type: 'busy', action: 'connect' });
        this.answer(resultMessage(await controller.connect(message.form), t));
        return;
      }
      case 'replaceToken': {
        post({ type: 'busy', action: 'connect' });
        this.answer(resultMessage(await controller.replaceToken(message.form), t));
        return;
      }
      case 'test': {
        post({ type: 'busy', action: 'test' });
        this.answer(resultMessage(await controller.test(false, true), t));
        return;
      }
      case 'useWorkspace': {
        post({ type: 'busy', action: 'test' });
        this.answer(resultMessage(await controller.useWorkspace(message.workspace), t));
        return;
      }
      case 'disconnect': {
        const disconnected = await controller.disconnect(this.shownCredentialId);
        // The dialog hands focus back to the webview's frame but not into the form: a keyboard
        // user would be left on nothing. Revealing with focus puts it there (the form then
        // restores it to the control it was on, or Connect when that one is hidden now).
        this.deps.focusForm();
        this.answer({
          type: 'result',
          severity: disconnected ? 'success' : 'warning',
          message: disconnected ? t('Disconnected. The secret was deleted.') : t('Still connected.'),
          details: [],
        });
        return;
      }
    }
  }
}

/** Enough to recognise a bad message in the log, without echoing what it holds (maybe a secret). */
function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}`;
}
