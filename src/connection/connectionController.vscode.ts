import vscode = require('vscode');
import { commandIds } from '../commandIds';
import { fillPlaceholders, renderMessage, type UserMessage } from '../userMessage';
import type { ConnectForm } from './connectInput';
import { checkFinding, failureMessage, reportWarnings, successMessage } from './connectionMessages';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm, TestFailure, TestOutcome } from './connectionOutcomes';
import type { ConnectionService } from './connectionService';
import { pickConnection } from './accountPicker.vscode';
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
    await this.statusBar.showCheck(before, checkFinding(outcome));
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
    if (status.state !== 'disconnected' && !invalidSlug) await this.statusBar.showCheck(status.profile, checkFinding(outcome));
    return outcome;
  }

  /**
   * Asks which connection (when there are several and `credentialId` does not say, with "all"),
   * then confirms; returns whether it disconnected. The other connections stay as they are.
   */
  async disconnect(credentialId?: string): Promise<boolean> {
    const l10n = vscode.l10n;
    const list = this.service.list();
    const named = list.find((profile) => profile.credentialId === credentialId);
    if (list.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('Bitbucket is not connected.'));
      return false;
    }
    const all = l10n.t('All {0} connections', list.length);
    const which =
      named ?? (list.length === 1 ? list[0] : await pickConnection(this.service, { title: l10n.t('Disconnect Bitbucket'), placeholder: l10n.t('Which connection should be disconnected?'), all }));
    if (which === undefined) return false;
    const disconnect = l10n.t('Disconnect');
    const answer = await vscode.window.showWarningMessage(
      which === 'all' ? l10n.t('Disconnect all {0} Bitbucket connections?', list.length) : l10n.t('Disconnect Bitbucket account {0}?', which.displayName),
      {
        modal: true,
        detail:
          which === 'all'
            ? l10n.t('Every stored secret is deleted from this machine. Agent terminals opened after this have no Bitbucket credentials.')
            : l10n.t('Its stored secret is deleted from this machine; the other connections stay. Agent terminals opened for it after this get nothing.'),
      },
      disconnect,
    );
    if (answer !== disconnect) return false;
    await this.service.disconnect(which === 'all' ? 'all' : [which.credentialId]);
    this.log.info(which === 'all' ? `Disconnect: all ${list.length} connections and their secrets were deleted.` : 'Disconnect: one connection and its secret were deleted.');
    return true;
  }

  /** Switch Bitbucket Account: the user picks the connection this workspace uses. */
  async switchAccount(): Promise<void> {
    const l10n = vscode.l10n;
    if (this.service.list().length === 0) return this.openForm();
    const picked = await pickConnection(this.service, { title: l10n.t('Switch Bitbucket Account'), placeholder: l10n.t('Which connection should this workspace use?') });
    if (picked === undefined || picked === 'all') return;
    await this.service.pick(picked.credentialId);
    const choice = this.service.choice();
    // The folder's remote comes first (activeConnection.ts): say so rather than seem to ignore the pick.
    if (choice.kind === 'chosen' && choice.connection.credentialId !== picked.credentialId) {
      void vscode.window.showInformationMessage(
        l10n.t(
          "{0} stays in use here: this folder's remote is in its workspace or project. To work as {1}, use Nora: New Agent Terminal for…",
          choice.connection.displayName,
          picked.displayName,
        ),
      );
    }
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
      const [reconnect, reload] = [vscode.l10n.t('Reconnect'), vscode.l10n.t('Reload Window')];
      const choice = await vscode.window.showErrorMessage(message, reconnect, reload);
      if (choice === reconnect) this.openForm();
      if (choice === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
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
