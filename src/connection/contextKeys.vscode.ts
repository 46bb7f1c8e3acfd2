import vscode = require('vscode');

/** Context keys the walkthrough's steps complete on (package.json names them too): a public contract. */
export const contextKeys = {
  /** True while this window has a stored connection whose secret belongs to its profile. */
  connected: 'nora.bitbucket.connected',
  /** Set once an agent terminal opened in this window, from the command or the terminal profile. */
  agentTerminalOpened: 'nora.bitbucket.agentTerminalOpened',
} as const;

const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

/** Whether this window has a stored connection whose secret belongs to its profile. */
export function setConnectedContext(connected: boolean): void {
  void setContext(contextKeys.connected, connected);
}

/** Sets `agentTerminalOpened` when a terminal actually opens, whichever way it was asked for. */
export function watchAgentTerminals(isAgentTerminal: (terminal: vscode.Terminal) => boolean): vscode.Disposable {
  return vscode.window.onDidOpenTerminal((terminal) => {
    if (isAgentTerminal(terminal)) void setContext(contextKeys.agentTerminalOpened, true);
  });
}
