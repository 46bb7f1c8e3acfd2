import vscode = require('vscode');
import { fillPlaceholders, renderMessage, type UserMessage } from '../userMessage';
import type { ToolInvoker } from './languageModelTools.vscode';
import type { ToolDeps } from './toolContext';
import { prepareTool, runTool } from './toolRunner';

/**
 * The tools' VS Code side: runs a tool, turns its answer into a tool result, and its confirmation
 * into the one VS Code shows. A tool's fault is a sentence in the result, never a throw, and the
 * log gets the tool's name and its outcome, never the input, the account or Bitbucket's text.
 */
export function createToolInvoker(deps: ToolDeps, log: vscode.LogOutputChannel): ToolInvoker {
  const render = (message: UserMessage) => renderMessage(message, vscode.l10n.t);
  return {
    invoke: async (name, options, token) => {
      // The user's Stop ends the call's requests; nothing more is sent after it.
      const operation = new AbortController();
      const cancelling = token.onCancellationRequested(() => operation.abort());
      if (token.isCancellationRequested) operation.abort();
      const outcome = await runTool(name, options.input, deps, operation).finally(() => {
        cancelling.dispose();
      });
      if (outcome.ok) log.info(`Tool ${name}: answered.`);
      else log.warn(`Tool ${name}: ${fillPlaceholders(outcome.problem.text, ...outcome.problem.args)}`);
      const text = outcome.ok ? outcome.text : 'account' in outcome ? `${outcome.account}\n${render(outcome.problem)}` : render(outcome.problem);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
    },
    prepare: async (name, options) => {
      const prepared = await prepareTool(name, options.input, deps);
      const confirmation = prepared.confirmation;
      return {
        invocationMessage: render(prepared.invocationMessage),
        ...(confirmation && { confirmationMessages: { title: render(confirmation.title), message: render(confirmation.message) } }),
      };
    },
  };
}
