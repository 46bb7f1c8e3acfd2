import vscode = require('vscode');
import { renderMessage } from '../userMessage';
import { commandIds } from '../commandIds';
import type { ConfirmOrigin } from '../connection/origins';
import { settingsSection } from '../connection/settingNames';
import { manageWorkspaceTrustCommand, manageWorkspaceTrustLabel } from '../connection/workspaceTrust';
import type { AgentEnvironmentResult } from './resolveAgentEnvironment';

/**
 * Agent terminals run the user's default shell (no shell path, so remote windows use the remote
 * machine's) with the Bitbucket variables in their own environment only: never
 * `environmentVariableCollection`, which reaches every terminal and is persisted. `isTransient`
 * keeps VS Code from saving the terminal, and its environment, to revive it later.
 */
export function agentTerminalOptions(result: Extract<AgentEnvironmentResult, { ok: true }>, firstLine?: string): vscode.TerminalOptions {
  const env: Record<string, string | null> = { ...result.env };
  for (const name of result.unset) env[name] = null;
  // `message` is written to the terminal, not sent to the shell.
  const message = firstLine && { message: firstLine };
  return { name: agentTerminalName(), env, isTransient: true, iconPath: new vscode.ThemeIcon('hubot'), ...message };
}

const agentTerminalName = () => vscode.l10n.t('Nora Agent (Bitbucket)');

/** Whether a terminal was opened with the options above, by the command or the terminal profile. */
export function isAgentTerminal(terminal: vscode.Terminal): boolean {
  const options = terminal.creationOptions;
  return 'env' in options && options.isTransient === true && options.name === agentTerminalName();
}

/** The terminal's first lines: whose connection it carries, and a workspace that differs from the folder's remote. */
export type FirstLine = (result: Extract<AgentEnvironmentResult, { ok: true }>) => Promise<string>;

/**
 * Says why there is no agent terminal, with a way to fix it. A changed origin is asked about
 * directly (the modal names it); returns whether it was confirmed, so the caller can try again.
 */
export async function explainNoAgentTerminal(
  result: Extract<AgentEnvironmentResult, { ok: false }>,
  confirmOrigin: ConfirmOrigin,
): Promise<boolean> {
  if (result.reason === 'originChanged') return confirmOrigin(result.credentialId, result.change);
  const run = (command: string, ...args: unknown[]) => () => vscode.commands.executeCommand(command, ...args);
  const fixes = {
    untrusted: [{ title: renderMessage(manageWorkspaceTrustLabel, vscode.l10n.t), run: run(manageWorkspaceTrustCommand) }],
    notConnected: [{ title: vscode.l10n.t('Connect Bitbucket'), run: run(commandIds.connect) }],
    // Another window has just connected it (this one reloads to see its secret), or the keyring lost it.
    changedElsewhere: [
      { title: vscode.l10n.t('Reload Window'), run: run('workbench.action.reloadWindow') },
      { title: vscode.l10n.t('Reconnect'), run: run(commandIds.connect) },
    ],
    settings: [{ title: vscode.l10n.t('Open Settings'), run: run('workbench.action.openSettings', settingsSection) }],
  }[result.reason];
  const choice = await vscode.window.showErrorMessage(renderMessage(result.problem, vscode.l10n.t), ...fixes.map((fix) => fix.title));
  await fixes.find((fix) => fix.title === choice)?.run();
  return false;
}

export class AgentTerminalProfileProvider implements vscode.TerminalProfileProvider {
  constructor(
    private readonly environment: () => Promise<AgentEnvironmentResult>,
    private readonly confirmOrigin: ConfirmOrigin,
    private readonly firstLine: FirstLine,
  ) {}

  async provideTerminalProfile(): Promise<vscode.TerminalProfile> {
    const result = await this.environment();
    if (!result.ok) {
      void explainNoAgentTerminal(result, this.confirmOrigin);
      // Throwing is the only way to stop VS Code from opening the terminal, and VS Code shows
      // whatever is thrown (even a cancellation): keep it short, as the message above explains.
      throw new Error(vscode.l10n.t('No agent terminal was opened.'));
    }
    return new vscode.TerminalProfile(agentTerminalOptions(result, await this.firstLine(result)));
  }
}

/**
 * Opens an agent terminal and returns nothing: the command's result reaches any extension that
 * runs it, and a `Terminal` would hand over its environment, token included.
 */
export async function openAgentTerminal(
  environment: () => Promise<AgentEnvironmentResult>,
  confirmOrigin: ConfirmOrigin,
  firstLine: FirstLine,
): Promise<void> {
  const result = await environment();
  if (!result.ok) {
    // Only a confirmed origin can be retried; other explanations need not be waited for.
    if (result.reason !== 'originChanged') return void explainNoAgentTerminal(result, confirmOrigin);
    if (await confirmOrigin(result.credentialId, result.change)) await openAgentTerminal(environment, confirmOrigin, firstLine);
    return;
  }
  vscode.window.createTerminal(agentTerminalOptions(result, await firstLine(result))).show();
}
