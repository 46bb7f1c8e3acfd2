import * as vscode from 'vscode';
import { renderMessage } from '../userMessage';
import { commandIds } from '../ui/commandIds';
import type { AgentEnvironmentResult } from './resolveAgentEnvironment';

/**
 * Agent terminals run the user's default shell (no shell path, so remote windows use the remote
 * machine's) with the Bitbucket variables in their own environment only: never
 * `environmentVariableCollection`, which reaches every terminal and is persisted. `isTransient`
 * keeps VS Code from saving the terminal, and its environment, to revive it later.
 */
export function agentTerminalOptions(result: Extract<AgentEnvironmentResult, { ok: true }>): vscode.TerminalOptions {
  const env: Record<string, string | null> = { ...result.env };
  for (const name of result.unset) env[name] = null;
  return { name: vscode.l10n.t('Nora Agent (Bitbucket)'), env, isTransient: true, iconPath: new vscode.ThemeIcon('hubot') };
}

/** Says why there is no agent terminal, with a way to fix it. */
export async function explainNoAgentTerminal(result: Extract<AgentEnvironmentResult, { ok: false }>): Promise<void> {
  const run = (command: string, ...args: unknown[]) => () => vscode.commands.executeCommand(command, ...args);
  const fix = {
    notConnected: { title: vscode.l10n.t('Connect Bitbucket'), run: run(commandIds.connect) },
    changedElsewhere: { title: vscode.l10n.t('Reload Window'), run: run('workbench.action.reloadWindow') },
    settings: { title: vscode.l10n.t('Open Settings'), run: run('workbench.action.openSettings', 'nora.bitbucket') },
  }[result.reason];
  const choice = await vscode.window.showErrorMessage(renderMessage(result.problem, vscode.l10n.t), fix.title);
  if (choice === fix.title) await fix.run();
}

export class AgentTerminalProfileProvider implements vscode.TerminalProfileProvider {
  constructor(private readonly environment: () => Promise<AgentEnvironmentResult>) {}

  async provideTerminalProfile(): Promise<vscode.TerminalProfile> {
    const result = await this.environment();
    if (!result.ok) {
      void explainNoAgentTerminal(result);
      // Throwing is the only way to stop VS Code from opening the terminal, and VS Code shows
      // whatever is thrown (even a cancellation): keep it short, as the message above explains.
      throw new Error(vscode.l10n.t('No agent terminal was opened.'));
    }
    return new vscode.TerminalProfile(agentTerminalOptions(result));
  }
}

export async function openAgentTerminal(environment: () => Promise<AgentEnvironmentResult>): Promise<vscode.Terminal | undefined> {
  const result = await environment();
  if (!result.ok) {
    void explainNoAgentTerminal(result);
    return undefined;
  }
  const terminal = vscode.window.createTerminal(agentTerminalOptions(result));
  terminal.show();
  return terminal;
}
