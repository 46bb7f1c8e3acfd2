import type * as vscode from 'vscode';
import { withLiteralIconSyntax } from '../bitbucket/serverText';
import { changedElsewhereMessage, changedElsewhereReason, storedConnectionWarnings } from '../connection/warnings';
import type { ConnectionProfile } from '../connection/profile';
import { workspaceMismatch } from '../connection/remoteWorkspace';
import { localIsoDate } from '../connection/tokenExpiry';
import { pinnedOrigins } from '../connection/origins';
import type { ConnectionStatus } from '../connection/storedConnection';
import { renderMessage, type UserMessage } from '../userMessage';
import { commandIds } from '../commandIds';
import { showConnected, showDisconnected } from './statusBarItem';
import type { VsCodeUi } from '../vscodeUi';

export type StatusBarState =
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'connected'; readonly profile: ConnectionProfile }
  | { readonly kind: 'testing'; readonly profile: ConnectionProfile | undefined }
  | { readonly kind: 'failed'; readonly profile: ConnectionProfile | undefined; readonly reason: UserMessage; readonly message: UserMessage };

/** What is stored, as the status bar shows it before (or without) a test. */
export function storedState(status: ConnectionStatus): StatusBarState {
  if (status.state === 'disconnected') return { kind: 'disconnected' };
  if (status.state === 'changedElsewhere') {
    return { kind: 'failed', profile: status.profile, reason: changedElsewhereReason, message: changedElsewhereMessage };
  }
  return { kind: 'connected', profile: status.profile };
}

/** The status-bar item: who is connected, a click to re-test, and why the last test failed. */
export class ConnectionStatusBar {
  private lastState: StatusBarState | undefined;
  /** Whether VS Code's agents are offered the MCP server, as a tooltip line. */
  private mcpLine: string | undefined;
  /** Whether VS Code's Git asks this connection for the pinned git host (git/gitCredentialsProvider.vscode.ts). */
  private gitAsks = false;
  /** The open folders' remote workspaces on the pinned git host, once read (never at activation). */
  private remoteWorkspaces: readonly string[] = [];

  /**
   * `item`: the one activation created and disposes (statusBarItem.ts); public for extension-host
   * tests, which read what it shows. `now`: the clock the expiry warning counts days with.
   */
  constructor(
    private readonly ui: VsCodeUi,
    private readonly now: () => Date,
    readonly item: vscode.StatusBarItem,
  ) {}

  show(state: StatusBarState): void {
    const { item, ui } = this;
    const t = (message: UserMessage) => renderMessage(message, ui.l10n.t);
    this.lastState = state;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'disconnected':
        showDisconnected(item, ui);
        return;
      case 'testing':
        item.text = `$(sync~spin) ${withLiteralIconSyntax(state.profile?.displayName ?? ui.l10n.t('Bitbucket'))}`;
        item.tooltip = ui.l10n.t('Testing the Bitbucket connection…');
        item.command = undefined;
        item.accessibilityInformation = {
          label: state.profile
            ? ui.l10n.t('Testing the Bitbucket connection of {0}.', state.profile.displayName)
            : ui.l10n.t('Testing the Bitbucket connection.'),
        };
        return;
      case 'failed': {
        const name = state.profile?.displayName ?? ui.l10n.t('Bitbucket');
        item.text = `$(warning) ${withLiteralIconSyntax(name)}: ${t(state.reason)}`;
        item.tooltip = this.tooltip(state.profile, t(state.message));
        item.backgroundColor = new ui.ThemeColor('statusBarItem.warningBackground');
        item.command = state.profile ? commandIds.test : commandIds.connect;
        // Who, what went wrong, and what activating the item does (it depends on the profile).
        item.accessibilityInformation = {
          label: state.profile
            ? ui.l10n.t('Bitbucket connection of {0} has a problem: {1} Activate to test it again.', name, t(state.message))
            : ui.l10n.t('Bitbucket connection problem: {0} Activate to connect.', t(state.message)),
        };
        return;
      }
      case 'connected': {
        const { profile } = state;
        const warnings = storedConnectionWarnings(profile, this.now());
        const warning = warnings.length > 0 ? warnings.map(t).join(' ') : undefined;
        showConnected(item, ui, profile.displayName, warning);
        item.tooltip = this.tooltip(profile, warning);
        if (warning) item.backgroundColor = new ui.ThemeColor('statusBarItem.warningBackground');
        return;
      }
    }
  }

  private tooltip(profile: ConnectionProfile | undefined, problem: string | undefined): vscode.MarkdownString {
    const { ui } = this;
    const tooltip = new ui.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    if (problem) tooltip.appendMarkdown(`$(warning) `).appendText(problem).appendMarkdown('\n\n');
    if (profile) {
      const rows: [string, string][] = [
        [ui.l10n.t('Bitbucket'), profile.displayName],
        [ui.l10n.t('Username'), profile.username ?? ui.l10n.t('(unknown)')],
        [ui.l10n.t('Workspace'), profile.workspace ?? ui.l10n.t('(none)')],
        [
          ui.l10n.t('Credential'),
          profile.credentialType === 'apiToken'
            ? ui.l10n.t('API token ({0})', profile.email ?? '')
            : ui.l10n.t('App password (legacy)'),
        ],
        [ui.l10n.t('Scopes'), profile.grantedScopes?.join(', ') || ui.l10n.t('(not reported)')],
        ...(profile.credentialType === 'apiToken' ? [[ui.l10n.t('Token expires'), profile.expiresOn ?? ui.l10n.t('(unknown)')] as [string, string]] : []),
        [ui.l10n.t('Last test'), lastTestedText(profile.lastTestedAt)],
      ];
      if (this.mcpLine) rows.push([ui.l10n.t('MCP server'), this.mcpLine]);
      if (this.gitAsks) rows.push([ui.l10n.t("VS Code's Git"), ui.l10n.t('uses this connection for {0}', pinnedOrigins(profile).git)]);
      for (const [label, value] of rows) tooltip.appendMarkdown(`**${label}:** `).appendText(value).appendMarkdown('  \n');
      const mismatch = workspaceMismatch(profile.workspace, this.remoteWorkspaces);
      if (mismatch) tooltip.appendMarkdown('\n$(info) ').appendText(renderMessage(mismatch, ui.l10n.t)).appendMarkdown('\n');
      tooltip.appendMarkdown('\n').appendText(ui.l10n.t('Click to test the connection.'));
    }
    return tooltip;
  }

  showMcp(line: string | undefined): void {
    this.mcpLine = line;
    this.showAgain();
  }

  showGitAsks(asks: boolean): void {
    this.gitAsks = asks;
    this.showAgain();
  }

  /** Shows the last state again: the day changed, so the days left did. */
  showAgain(): void {
    if (this.lastState) this.show(this.lastState);
  }

  showRemoteWorkspaces(slugs: readonly string[]): void {
    this.remoteWorkspaces = slugs;
    this.showAgain();
  }
}

/**
 * `YYYY-MM-DD HH:MM`, local time: like the expiry date beside it, and without `toLocaleString()`,
 * whose first call loads the locale data (tens of milliseconds in a fresh extension host).
 */
function lastTestedText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${localIsoDate(date)} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
