/**
 * Which `git` to run in a folder, by absolute path. Run by name with the folder as its working
 * directory, git could be a `git.exe` (Windows) or, with `.` or an empty entry in PATH, a `git`
 * that the folder itself holds: the folder's code, run by opening it.
 *
 * Pure: no `vscode` import.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface GitLookup {
  /** `git.path` from VS Code's git extension API, when that extension is running. */
  readonly gitExtensionPath: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The open folders: no git inside them is ever chosen. */
  readonly folders: readonly string[];
  readonly platform: NodeJS.Platform;
}

/** The git extension's own git when it is outside the folders, else the first on PATH that is; `undefined` when none. */
export function resolveGitExecutable({ gitExtensionPath, env, folders, platform }: GitLookup): string | undefined {
  const pathModule = platform === 'win32' ? path.win32 : path.posix;
  const allowed = (file: string) => pathModule.isAbsolute(file) && !folders.some((folder) => isInside(pathModule, file, folder)) && isExecutableFile(file, platform);
  if (gitExtensionPath !== undefined && allowed(gitExtensionPath)) return gitExtensionPath;
  const pathValue = env['PATH'] ?? env['Path'] ?? '';
  // Only git.exe on Windows: a .cmd or .bat would need a shell.
  const name = platform === 'win32' ? 'git.exe' : 'git';
  for (const directory of pathValue.split(pathModule.delimiter)) {
    // A relative entry ("", ".") is the working directory: the folder.
    if (!pathModule.isAbsolute(directory)) continue;
    const file = pathModule.join(directory, name);
    if (allowed(file)) return file;
  }
  return undefined;
}

function isInside(pathModule: typeof path.posix, file: string, folder: string): boolean {
  const relative = pathModule.relative(pathModule.resolve(folder), pathModule.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !pathModule.isAbsolute(relative));
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
