import { execFile } from 'node:child_process';
import vscode = require('vscode');
import { gitExecutable } from '../connection/gitExecutable.vscode';
import { pinnedOrigins } from '../connection/origins';
import { remoteWorkspaces, workspaceMismatch } from '../connection/remoteWorkspace';
import type { ConnectionStatusBar } from '../connection/statusBar.vscode';
import type { ConnectionProfile } from '../connection/profile';
import { renderMessage } from '../userMessage';

/** The part of the built-in git extension's API (version 1) that is read here. */
interface GitApi {
  readonly repositories: readonly { readonly state: { readonly remotes: readonly { readonly fetchUrl?: unknown; readonly pushUrl?: unknown }[] } }[];
}

/**
 * The remote URLs of the open folders: from VS Code's git extension when it is already running
 * (it is never activated from here), else from `git config` in each folder. Never throws; never
 * on the activation path (callers read it later, with a time limit where a user waits).
 */
async function readRemoteUrls(): Promise<string[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return [];
  const known = remotesFromGitExtension();
  if (known.length > 0) return known;
  // git reads the folder's own config: only in a folder the user trusts.
  if (!vscode.workspace.isTrusted) return [];
  const lists = await Promise.all(folders.filter((folder) => folder.uri.scheme === 'file').map((folder) => remotesFromGitConfig(folder.uri.fsPath)));
  return lists.flat();
}

function remotesFromGitExtension(): string[] {
  try {
    const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!git?.isActive) return [];
    const urls = git.exports.getAPI(1).repositories.flatMap((repository) => repository.state.remotes.flatMap((remote) => [remote.fetchUrl, remote.pushUrl]));
    return [...new Set(urls.filter((url): url is string => typeof url === 'string'))];
  } catch {
    return [];
  }
}

/** `git config --get-regexp` prints `remote.<name>.url <url>` lines; no shell is involved. */
function remotesFromGitConfig(folder: string): Promise<string[]> {
  return new Promise((resolve) => {
    const git = gitExecutable();
    if (!git) return resolve([]);
    execFile(git, ['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd: folder, timeout: 3000, windowsHide: true }, (error, stdout) => {
      if (error) return resolve([]);
      resolve(
        String(stdout)
          .split('\n')
          .map((line) => line.slice(line.indexOf(' ') + 1).trim())
          .filter((url) => url !== ''),
      );
    });
  });
}

/** The remote URLs, or none if reading them takes longer than `ms`: a user is waiting. */
export function readRemoteUrlsWithin(ms: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), ms)));
  return Promise.race([readRemoteUrls(), timeout]).finally(() => clearTimeout(timer));
}

/** The open folders' workspaces on `gitOrigin`, or none after `ms`. */
export async function readRemoteWorkspaces(gitOrigin: string, ms: number): Promise<string[]> {
  return remoteWorkspaces(await readRemoteUrlsWithin(ms), gitOrigin);
}

/** The agent terminal's first line when its workspace is not the open folder's; it never holds the terminal up for long. */
export async function mismatchLine(workspace: string | undefined, gitBaseUrl: string): Promise<string | undefined> {
  if (workspace === undefined) return undefined;
  const mismatch = workspaceMismatch(workspace, await readRemoteWorkspaces(new URL(gitBaseUrl).origin, 1000));
  return mismatch && renderMessage(mismatch, vscode.l10n.t);
}

/**
 * The open folders' remote URLs as last read, which choose this window's connection
 * (activeConnection.ts) and the status bar's note. Read after activation, again when the folders
 * change or the window gains focus (a remote may have changed in a terminal); `changed` is told
 * when they did. A slow read that a newer one overtook is dropped.
 */
export class FolderRemotes {
  private current: readonly string[] = [];
  private reads = 0;

  constructor(private readonly changed: () => void) {}

  get urls(): readonly string[] {
    return this.current;
  }

  async refresh(): Promise<void> {
    const read = ++this.reads;
    const urls = await readRemoteUrlsWithin(5000);
    if (read !== this.reads || urls.join('\n') === this.current.join('\n')) return;
    this.current = urls;
    this.changed();
  }
}

/** The status bar's note when the open folder's remote is in another workspace than `profile`'s. */
export function updateRemoteNote(profile: ConnectionProfile | undefined, remotes: FolderRemotes, statusBar: ConnectionStatusBar): void {
  statusBar.showRemoteWorkspaces(profile?.workspace ? remoteWorkspaces(remotes.urls, pinnedOrigins(profile).git) : []);
}
