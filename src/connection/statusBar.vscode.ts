import vscode = require('vscode');
import { commandIds } from '../commandIds';
import { changedElsewhereMessage, changedElsewhereReason, storedConnectionWarnings, type CheckFinding } from './connectionMessages';
import type { ActiveChoice } from './activeConnection';
import { activeReasonText, connectionName, credentialText, gitAnswerText, lastTestedText, placeRows } from './connectionLabels.vscode';
import type { ConnectionProfile } from './profile';
import { workspaceMismatch } from './remoteWorkspace';
import type { ConnectionStatus } from './storedConnection';
import { renderMessage, type UserMessage } from '../userMessage';

export type StatusBarState =
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'connected'; readonly profile: ConnectionProfile; readonly warnings?: readonly UserMessage[] }
  | { readonly kind: 'testing'; readonly profile: ConnectionProfile | undefined }
  | { readonly kind: 'failed'; readonly profile: ConnectionProfile | undefined; readonly reason: UserMessage; readonly message: UserMessage };

/** What the last check of a stored connection found that the stored profile does not say. */
type LastCheck = { readonly credentialId: string; readonly finding: CheckFinding };

const t = (message: UserMessage) => renderMessage(message, vscode.l10n.t);

/**
 * The status-bar item: who is connected, a click to re-test, and why the last check failed. It
 * shows the stored name as soon as it is created (activation), and redraws from storage on every
 * change of the stored connection.
 */
export class ConnectionStatusBar implements vscode.Disposable {
  /** Public for extension-host tests, which read what it shows. */
  readonly item = vscode.window.createStatusBarItem('nora.bitbucket.status', vscode.StatusBarAlignment.Left, 0);
  private lastState: StatusBarState | undefined;
  private lastCheck: LastCheck | undefined;
  /** Extra tooltip rows from other features (the MCP offer, VS Code's Git), by label. */
  private readonly extraRows = new Map<string, string>();
  /** Whether VS Code's Git asks this connection for the pinned git host (git/gitCredentialsProvider.vscode.ts). */
  private gitAnswers = false;
  /** The open folders' remote workspaces on the pinned git host, once read (never at activation). */
  private remoteWorkspaces: readonly string[] = [];
  /** Why this window uses its connection, said when there is more than one. */
  private activeReason: string | undefined;
  /** Every stored connection: others on this one's git host change what VS Code's Git does. */
  private connections: readonly ConnectionProfile[] = [];

  /** `now`: the clock the expiry warning counts days with. `read`: what is stored, from local storage. */
  constructor(
    private readonly now: () => Date,
    private readonly read: () => Promise<ConnectionStatus>,
    storedProfile: ConnectionProfile | undefined,
  ) {
    this.item.name = vscode.l10n.t('Nora Bitbucket');
    // The name at once; the details (warnings, the tooltip) come with the first refresh.
    if (storedProfile) this.item.text = `$(account) ${withLiteralIconSyntax(connectionName(storedProfile))}`;
    else this.show({ kind: 'disconnected' });
    this.item.command = storedProfile ? commandIds.test : commandIds.connect;
    this.item.show();
  }

  /** Reads what is stored and shows it. */
  async refresh(): Promise<void> {
    this.showStored(await this.read());
  }

  /** Shows what is stored, and what the last check of that same connection found. */
  showStored(status: ConnectionStatus): void {
    const finding = status.state === 'connected' && this.lastCheck?.credentialId === status.profile.credentialId ? this.lastCheck.finding : undefined;
    if (status.state === 'disconnected') this.show({ kind: 'disconnected' });
    else if (status.state === 'changedElsewhere') this.show({ kind: 'failed', profile: status.profile, reason: changedElsewhereReason, message: changedElsewhereMessage });
    else if (finding && 'failed' in finding) this.show({ kind: 'failed', profile: status.profile, ...finding.failed });
    else this.show({ kind: 'connected', profile: status.profile, warnings: finding?.warnings ?? [] });
  }

  /**
   * What a Test, or Save Workspace, of the stored profile `tested` found (connectionMessages.ts
   * `checkFinding`, on first use): a failure or warning stays shown until a check of it passes.
   */
  async showCheck(tested: ConnectionProfile, finding: CheckFinding): Promise<void> {
    this.lastCheck = { credentialId: tested.credentialId, finding };
    if ('failed' in finding && !finding.notConnected) this.show({ kind: 'failed', profile: tested, ...finding.failed });
    else await this.refresh();
  }

  show(state: StatusBarState): void {
    const { item } = this;
    this.lastState = state;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'disconnected':
        item.text = `$(plug) ${vscode.l10n.t('Connect Bitbucket')}`;
        item.tooltip = vscode.l10n.t('Bitbucket is not connected. Click to connect.');
        item.command = commandIds.connect;
        item.accessibilityInformation = { label: vscode.l10n.t('Bitbucket not connected. Activate to connect.') };
        return;
      case 'testing':
        item.text = `$(sync~spin) ${withLiteralIconSyntax(state.profile?.displayName ?? vscode.l10n.t('Bitbucket'))}`;
        item.tooltip = vscode.l10n.t('Testing the Bitbucket connection…');
        item.command = undefined;
        item.accessibilityInformation = {
          label: state.profile
            ? vscode.l10n.t('Testing the Bitbucket connection of {0}.', state.profile.displayName)
            : vscode.l10n.t('Testing the Bitbucket connection.'),
        };
        return;
      case 'failed': {
        const name = state.profile?.displayName ?? vscode.l10n.t('Bitbucket');
        item.text = `$(warning) ${withLiteralIconSyntax(name)}: ${t(state.reason)}`;
        item.tooltip = this.tooltip(state.profile, t(state.message));
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.command = state.profile ? commandIds.test : commandIds.connect;
        // Who, what went wrong, and what activating the item does (it depends on the profile).
        item.accessibilityInformation = {
          label: state.profile
            ? vscode.l10n.t('Bitbucket connection of {0} has a problem: {1} Activate to test it again.', name, t(state.message))
            : vscode.l10n.t('Bitbucket connection problem: {0} Activate to connect.', t(state.message)),
        };
        return;
      }
      case 'connected': {
        const { profile } = state;
        const warnings = [...storedConnectionWarnings(profile, this.now()), ...(state.warnings ?? [])];
        const warning = warnings.length > 0 ? warnings.map(t).join(' ') : undefined;
        item.text = `${warning ? '$(warning)' : '$(account)'} ${withLiteralIconSyntax(connectionName(profile))}`;
        item.command = commandIds.test;
        item.accessibilityInformation = {
          label: warning
            ? vscode.l10n.t('Connected to Bitbucket as {0}, with a warning: {1} Activate to test the connection.', connectionName(profile), warning)
            : vscode.l10n.t('Connected to Bitbucket as {0}. Activate to test the connection.', connectionName(profile)),
        };
        item.tooltip = this.tooltip(profile, warning);
        if (warning) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        return;
      }
    }
  }

  private tooltip(profile: ConnectionProfile | undefined, problem: string | undefined): vscode.MarkdownString {
    const l10n = vscode.l10n;
    const tooltip = new vscode.MarkdownString(undefined, true);
    // Its one link runs Switch, which only asks.
    tooltip.isTrusted = { enabledCommands: [commandIds.switchAccount] };
    tooltip.supportHtml = false;
    if (problem) tooltip.appendMarkdown(`$(warning) `).appendText(problem).appendMarkdown('\n\n');
    if (profile) {
      const rows: [string, string][] = [
        [l10n.t('Bitbucket'), connectionName(profile)],
        ...(this.activeReason ? [[l10n.t('Used here'), this.activeReason] as [string, string]] : []),
        ...placeRows(profile),
        [l10n.t('Credential'), credentialText(profile)],
        ...(profile.credentialType !== 'appPassword' ? [[l10n.t('Token expires'), profile.expiresOn ?? l10n.t('(unknown)')] as [string, string]] : []),
        [l10n.t('Last test'), lastTestedText(profile.lastTestedAt)],
        ...this.extraRows,
        ...(this.gitAnswers ? [[l10n.t("VS Code's Git"), gitAnswerText(profile, this.connections)] as [string, string]] : []),
      ];
      for (const [label, value] of rows) tooltip.appendMarkdown(`**${label}:** `).appendText(value).appendMarkdown('  \n');
      const mismatch = workspaceMismatch(profile.workspace, this.remoteWorkspaces);
      if (mismatch) tooltip.appendMarkdown('\n$(info) ').appendText(t(mismatch)).appendMarkdown('\n');
      tooltip.appendMarkdown('\n').appendText(l10n.t('Click to test the connection.'));
      if (this.activeReason) tooltip.appendMarkdown(` [${escapeMarkdown(l10n.t('Switch Account…'))}](command:${commandIds.switchAccount})`);
    }
    return tooltip;
  }

  /** A tooltip row another feature keeps up to date (`undefined` removes it). */
  showRow(label: string, value: string | undefined): void {
    if (this.extraRows.get(label) === value) return;
    if (value === undefined) this.extraRows.delete(label);
    else this.extraRows.set(label, value);
    this.showAgain();
  }

  showGitAnswers(answers: boolean): void {
    this.gitAnswers = answers;
    this.showAgain();
  }

  /** Shows the last state again: the day changed, so the days left did. */
  showAgain(): void {
    if (this.lastState) this.show(this.lastState);
  }

  /** Which connection this window uses and why, among the stored `connections`. */
  showChoice(choice: ActiveChoice, connections: readonly ConnectionProfile[]): void {
    const same = connections === this.connections;
    this.connections = connections;
    let reason = choice.kind === 'chosen' && connections.length > 1 ? activeReasonText(choice.reason) : undefined;
    if (reason && choice.kind === 'chosen' && choice.tiedWith.length > 1) {
      reason = vscode.l10n.t("{0} ({1} connections match this folder's remote)", reason, choice.tiedWith.length);
    }
    if (same && reason === this.activeReason) return;
    this.activeReason = reason;
    this.showAgain();
  }

  showRemoteWorkspaces(slugs: readonly string[]): void {
    if (slugs.join() === this.remoteWorkspaces.join()) return;
    this.remoteWorkspaces = slugs;
    this.showAgain();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** A localised label inside a Markdown link: its brackets must not end the link. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * For a status-bar label, which renders `$(name)` as an icon: a backslash before each one makes
 * VS Code show it as written (an already escaped one stays literal too, backslash included). Not
 * in serverText.ts: loading that module builds its Unicode property regexes, which activation
 * need not pay for.
 */
function withLiteralIconSyntax(text: string): string {
  return text.replace(/\$\([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?\)/g, (icon) => `\\${icon}`);
}
