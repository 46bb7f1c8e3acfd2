import vscode = require('vscode');
import { resolveGitExecutable } from './gitExecutable';

/**
 * The absolute path of the git to run in the open folders: VS Code's git extension's own
 * (`git.path`) when it is running, else a PATH lookup that skips the folders and the working
 * directory. The git extension is never activated from here.
 */
export function gitExecutable(): string | undefined {
  let gitExtensionPath: string | undefined;
  try {
    const git = vscode.extensions.getExtension<{ getAPI(version: 1): { readonly git: { readonly path: unknown } } }>('vscode.git');
    const reported = git?.isActive ? git.exports.getAPI(1).git.path : undefined;
    if (typeof reported === 'string') gitExtensionPath = reported;
  } catch {
    // Its API can throw while it is disabled: then PATH decides.
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  return resolveGitExecutable({ gitExtensionPath, env: process.env, folders, platform: process.platform });
}
