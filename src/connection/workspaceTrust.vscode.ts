import vscode = require('vscode');
import { renderMessage } from '../userMessage';
import { manageWorkspaceTrustCommand, manageWorkspaceTrustLabel, refusalWhenUntrusted, untrustedWorkspaceMessage } from './workspaceTrust';

/**
 * The Restricted Mode check, read at the moment of each hand-out (never cached), so that trust
 * granted meanwhile applies at once: `undefined` when trusted, else the sentence that says why.
 */
export const workspaceTrustRefusal = () => refusalWhenUntrusted(vscode.workspace.isTrusted);

/** Says why nothing was handed out, and offers VS Code's "Manage Workspace Trust". */
export async function explainUntrustedWorkspace(): Promise<void> {
  const manage = renderMessage(manageWorkspaceTrustLabel, vscode.l10n.t);
  const choice = await vscode.window.showErrorMessage(renderMessage(untrustedWorkspaceMessage, vscode.l10n.t), manage);
  if (choice === manage) await vscode.commands.executeCommand(manageWorkspaceTrustCommand);
}

/** Whether the workspace is trusted now; when it is not, the user is told why (not awaited). */
export function trustedOrExplained(): boolean {
  const refusal = workspaceTrustRefusal();
  if (refusal) void explainUntrustedWorkspace();
  return !refusal;
}
