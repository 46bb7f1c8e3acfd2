import type * as vscode from 'vscode';

/**
 * The VS Code calls the status bar, the controller, the form's protocol and the terminal profile
 * provider make. The extension passes the `vscode` module itself; plain-Node unit tests pass
 * stand-ins (test/support/fakeVsCodeUi.ts). Only what those adapters use: not a service locator.
 */
export interface VsCodeUi {
  readonly window: Pick<
    typeof vscode.window,
    'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage' | 'createStatusBarItem' | 'createTerminal'
  >;
  readonly commands: Pick<typeof vscode.commands, 'executeCommand'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
  readonly StatusBarAlignment: typeof vscode.StatusBarAlignment;
  readonly MarkdownString: typeof vscode.MarkdownString;
  readonly ThemeColor: typeof vscode.ThemeColor;
  readonly ThemeIcon: typeof vscode.ThemeIcon;
  readonly TerminalProfile: typeof vscode.TerminalProfile;
}
