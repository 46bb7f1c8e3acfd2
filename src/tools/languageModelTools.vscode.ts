import vscode = require('vscode');
import { toolNames } from './toolNames';

/** The tools' code, loaded with the features on first use (toolInvoker.vscode.ts). */
export interface ToolInvoker {
  invoke(name: string, options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult>;
  prepare(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation>;
}

/**
 * Registers the Bitbucket tools that package.json declares. At activation only these small
 * objects exist; `load` brings the tools' code (the features bundle) on the first call.
 */
export function registerLanguageModelTools(load: () => ToolInvoker): vscode.Disposable[] {
  return toolNames.map((name) =>
    vscode.lm.registerTool<unknown>(name, {
      invoke: (options, token) => load().invoke(name, options, token),
      prepareInvocation: (options, token) => load().prepare(name, options, token),
    }),
  );
}
