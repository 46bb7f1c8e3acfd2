/**
 * Restricted Mode: in a folder the user has not trusted, nothing that runs the folder's code gets
 * the credentials. Agent terminals, the API's `getEnvironment`, git credentials and agent tools
 * all ask `refusalWhenUntrusted` at the moment they would hand something out, so trust granted
 * later applies to the next one without a reload.
 *
 * Pure: no `vscode` import (the adapter is workspaceTrust.vscode.ts).
 */
import { userMessage, type UserMessage } from '../userMessage';

/** VS Code's own command that opens the Workspace Trust editor. */
export const manageWorkspaceTrustCommand = 'workbench.trust.manage';

/** The button that runs it. */
export const manageWorkspaceTrustLabel = userMessage('Manage Workspace Trust');

/** Why nothing was handed out: one sentence, the same wherever the credentials are refused. */
export const untrustedWorkspaceMessage: UserMessage = userMessage(
  'This folder is not trusted (Restricted Mode), so Nora: Bitbucket gives its credentials to nothing that could run its code; trust the folder to use them.',
);

/** `undefined` when the workspace is trusted; otherwise the sentence that says why nothing is handed out. */
export function refusalWhenUntrusted(workspaceIsTrusted: boolean): UserMessage | undefined {
  return workspaceIsTrusted ? undefined : untrustedWorkspaceMessage;
}
