import vscode = require('vscode');
import { commandIds } from '../commandIds';
import { fillPlaceholders, renderMessage, type UserMessage } from '../userMessage';
import type { ConnectForm } from './connectInput';
import { failureMessage, reportWarnings, successMessage } from './connectionMessages';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestFailure, TestOutcome } from './connectionOutcomes';
import type { ConnectionService } from './connectionService';
import type { ConfirmOrigin } from './origins';
import type { ConnectionStatusBar } from './statusBar.vscode';

const forLog = (message: UserMessage) => fillPlaceholders(message.text, ...message.args);

/**
 * Runs connect, test and disconnect for the commands, the status bar and the form, and keeps the
 * status bar and the log in step with what happened. The secret never reaches the log.
 */
export class ConnectionController {
  constructor(
    private readonly service: ConnectionService,
    private readonly statusBar: ConnectionStatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly openForm: () => void,
    private readonly confirmOrigin: ConfirmOrigin,
  ) {}

  async connect(form: ConnectForm): Promise<ConnectOutcome> {
    this.log.info(`Connect: checking ${{ apiToken: 'an API token', accessToken: `a ${form.accessTokenScope ?? 'repository'} access token`, dataCenter: 'a Data Center token', appPassword: 'an app password (legacy)' }[form.credentialType]}.`);
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
    await this.statusBar.showCheck(before, outcome);
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
    if (status.state !== 'disconnected' && !invalidSlug) await this.statusBar.showCheck(status.profile, outcome);
    return outcome;
  }

  /** Asks first; returns whether it disconnected. */
  async disconnect(): Promise<boolean> {
    const status = await this.service.status();
    if (status.state === 'disconnected') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Bitbucket is not connected.'));
      return false;
    }
    const disconnect = vscode.l10n.t('Disconnect');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Disconnect Bitbucket account {0}?', status.profile.displayName),
      {
        modal: true,
        detail: vscode.l10n.t('The stored secret is deleted from this machine. Agent terminals opened after this have no Bitbucket credentials.'),
      },
      disconnect,
    );
    if (answer !== disconnect) return false;
    await this.service.disconnect();
    this.log.info('Disconnect: the secret and the profile were deleted.');
    return true;
  }

  private notifySuccess(outcome: Extract<TestOutcome, { ok: true }>): void {
    const warnings = reportWarnings(outcome.report);
    const text = [this.t(successMessage(outcome.report)), ...warnings.map((warning) => this.t(warning))].join(' ');
    if (warnings.length > 0) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  }

  private async notifyFailure(failure: TestFailure): Promise<void> {
    const message = this.t(failureMessage(failure));
    if (failure.kind === 'changedElsewhere') {
      const reload = vscode.l10n.t('Reload Window');
      if ((await vscode.window.showErrorMessage(message, reload)) === reload) {
        await vscode.commands.executeCommand('workbench.action.reloadWindow');
      }
      return;
    }
    if (failure.kind === 'bitbucket' && failure.error.kind === 'tokenExpired') {
      const replace = vscode.l10n.t('Replace Token');
      if ((await vscode.window.showErrorMessage(message, replace)) === replace) await vscode.commands.executeCommand(commandIds.replaceToken);
      return;
    }
    const openForm = vscode.l10n.t('Open Connect Form');
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(message, openForm, showLog);
    if (choice === openForm) this.openForm();
    if (choice === showLog) this.log.show();
  }

  private t(message: UserMessage): string {
    return renderMessage(message, vscode.l10n.t);
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
