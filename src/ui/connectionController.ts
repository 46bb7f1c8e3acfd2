import type * as vscode from 'vscode';
import type { ConnectForm } from '../connection/connectInput';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestFailure, TestOutcome } from '../connection/connectionOutcomes';
import type { ConnectionService } from '../connection/connectionService';
import { failureMessage, reportWarnings, successMessage } from '../connection/outcomeMessages';
import { fillPlaceholders, renderMessage, type UserMessage } from '../userMessage';
import type { ConfirmOrigin } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';
import type { ConnectionStatusBar } from './statusBar';
import { failedState, statusBarStateFor } from './statusBarStates';
import type { VsCodeUi } from '../vscodeUi';
import { commandIds } from '../commandIds';

const forLog = (message: UserMessage) => fillPlaceholders(message.text, ...message.args);

/**
 * Runs connect, test and disconnect for the commands, the status bar and the form, and keeps the
 * status bar and the log in step with what happened. The secret never reaches the log.
 */
export class ConnectionController {
  /** The last failed test of the stored connection, so a refresh keeps showing it until a test passes. */
  private lastFailure: { readonly credentialId: string; readonly failure: TestFailure } | undefined;

  constructor(
    private readonly ui: VsCodeUi,
    private readonly service: ConnectionService,
    private readonly statusBar: ConnectionStatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly openForm: () => void,
    private readonly confirmOrigin: ConfirmOrigin,
  ) {}

  /** Shows the stored connection; reads only local storage, never the network. */
  async refresh(): Promise<void> {
    const status = await this.service.status();
    const sameConnection = status.state !== 'disconnected' && this.lastFailure?.credentialId === status.profile.credentialId;
    this.statusBar.show(statusBarStateFor(status, sameConnection ? this.lastFailure?.failure : undefined));
  }

  async connect(form: ConnectForm): Promise<ConnectOutcome> {
    this.log.info(`Connect: checking ${form.credentialType === 'apiToken' ? 'an API token' : 'an app password (legacy)'}.`);
    const outcome = await this.service.connect(form);
    this.logOutcome('Connect', outcome);
    return outcome;
  }

  /** A new token for the same account; nothing changes unless Bitbucket says it is that account's. */
  async replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome> {
    this.log.info('Replace Token: checking the new API token.');
    const outcome = await this.service.replaceToken(form);
    this.logOutcome('Replace Token', outcome);
    return outcome;
  }

  /**
   * With `notify`, the result also shows as a notification (for the command and the status bar).
   * `listWorkspaces`: the form's Test, which also offers the account's workspaces.
   */
  async test(notify: boolean, listWorkspaces = false): Promise<TestOutcome> {
    const status = await this.service.status();
    if (status.state === 'disconnected') {
      this.openForm();
      return { ok: false, failure: { kind: 'notConnected' } };
    }
    const before = status.profile;
    this.statusBar.show({ kind: 'testing', profile: before });
    const outcome = await (listWorkspaces ? this.service.testAndListWorkspaces() : this.service.test());
    this.logOutcome('Test', outcome);
    // Nothing was sent: the setting points elsewhere. Send only once the user confirms the new origin.
    if (!outcome.ok && outcome.failure.kind === 'originChanged' && (await this.confirmOrigin(before.credentialId, outcome.failure.change))) {
      return this.test(notify, listWorkspaces);
    }
    await this.showCheckOfStoredConnection(before, outcome);
    if (!notify) return outcome;
    if (outcome.ok) this.notifySuccess(outcome);
    else if (outcome.failure.kind !== 'notConnected') void this.notifyFailure(outcome.failure);
    return outcome;
  }

  /**
   * A workspace picked or typed in the connected form, checked with the stored credentials: the
   * status bar shows what that check found, as after a Test.
   */
  async useWorkspace(text: string): Promise<TestOutcome> {
    const status = await this.service.status();
    const outcome = await this.service.useWorkspace(text);
    this.logOutcome('Workspace', outcome);
    // An invalid slug is never sent, so it says nothing about the stored connection: its status stands.
    const invalidSlug = !outcome.ok && outcome.failure.kind === 'invalidInput';
    if (status.state !== 'disconnected' && !invalidSlug) await this.showCheckOfStoredConnection(status.profile, outcome);
    return outcome;
  }

  /** Asks first; returns whether it disconnected. */
  async disconnect(): Promise<boolean> {
    const status = await this.service.status();
    if (status.state === 'disconnected') {
      void this.ui.window.showInformationMessage(this.ui.l10n.t('Bitbucket is not connected.'));
      return false;
    }
    const disconnect = this.ui.l10n.t('Disconnect');
    const answer = await this.ui.window.showWarningMessage(
      this.ui.l10n.t('Disconnect Bitbucket account {0}?', status.profile.displayName),
      {
        modal: true,
        detail: this.ui.l10n.t('The stored secret is deleted from this machine. Agent terminals opened after this have no Bitbucket credentials.'),
      },
      disconnect,
    );
    if (answer !== disconnect) return false;
    await this.service.disconnect();
    this.log.info('Disconnect: the secret and the profile were deleted.');
    return true;
  }

  /** `tested`: the stored profile the check used; a failure stays shown until a check of it passes. */
  private async showCheckOfStoredConnection(tested: ConnectionProfile, outcome: TestOutcome): Promise<void> {
    this.lastFailure = outcome.ok ? undefined : { credentialId: tested.credentialId, failure: outcome.failure };
    if (outcome.ok || outcome.failure.kind === 'notConnected') await this.refresh();
    else this.statusBar.show(failedState(tested, outcome.failure));
  }

  private notifySuccess(outcome: Extract<TestOutcome, { ok: true }>): void {
    const warnings = reportWarnings(outcome.report);
    const text = [this.t(successMessage(outcome.report)), ...warnings.map((warning) => this.t(warning))].join(' ');
    if (warnings.length > 0) void this.ui.window.showWarningMessage(text);
    else void this.ui.window.showInformationMessage(text);
  }

  private async notifyFailure(failure: TestFailure): Promise<void> {
    const message = this.t(failureMessage(failure));
    if (failure.kind === 'changedElsewhere') {
      const reload = this.ui.l10n.t('Reload Window');
      if ((await this.ui.window.showErrorMessage(message, reload)) === reload) {
        await this.ui.commands.executeCommand('workbench.action.reloadWindow');
      }
      return;
    }
    if (failure.kind === 'bitbucket' && failure.error.kind === 'tokenExpired') {
      const replace = this.ui.l10n.t('Replace Token');
      if ((await this.ui.window.showErrorMessage(message, replace)) === replace) await this.ui.commands.executeCommand(commandIds.replaceToken);
      return;
    }
    const openForm = this.ui.l10n.t('Open Connect Form');
    const showLog = this.ui.l10n.t('Show Log');
    const choice = await this.ui.window.showErrorMessage(message, openForm, showLog);
    if (choice === openForm) this.openForm();
    if (choice === showLog) this.log.show();
  }

  private t(message: UserMessage): string {
    return renderMessage(message, this.ui.l10n.t);
  }

  private logOutcome(action: string, outcome: ReplaceOutcome | TestOutcome): void {
    if (outcome.ok) {
      const { profile } = outcome.report;
      this.log.info(`${action}: connected as ${profile.displayName} (${profile.username ?? 'username unknown'}).`);
      for (const warning of reportWarnings(outcome.report)) this.log.warn(`${action}: ${forLog(warning)}`);
      return;
    }
    const { failure } = outcome;
    if (failure.kind === 'storage') this.log.error(`${action}: secret storage failed: ${String(failure.cause)}`);
    else this.log.warn(`${action} failed: ${forLog(failureMessage(failure))}`);
  }
}
