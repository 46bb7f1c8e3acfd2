import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from '../support/waitUntil';

/** The part of VS Code's Git extension API (version 1) read here. */
interface GitApi {
  getRepository(uri: vscode.Uri): unknown;
}

/**
 * Tests that make a short-lived git repository in the open folder keep VS Code's Git extension out
 * of it. The Git extension runs git in each repository it opens, as files change there (`git
 * check-ignore --stdin`, whose stdin has no error handler): when the repository is removed under
 * it, git exits before reading and the extension host, which the tests share, dies of an uncaught
 * EPIPE. A repository it has open also answers the remote lookup itself, so `git config` in the
 * folder would not run. It opens a workspace folder's repository on a file event under `.git` and
 * on any change of any setting (`git.autoRepositoryDetection` stops only the first), never one
 * `git.ignoredRepositories` names ("." is the folder itself). Call this in `before`, and what it
 * returns in `after`.
 */
export async function keepGitExtensionOut(): Promise<() => Promise<void>> {
  const settings = () => vscode.workspace.getConfiguration('git');
  await settings().update('ignoredRepositories', ['.'], vscode.ConfigurationTarget.Global);
  await waitUntil(() => (settings().get<string[]>('ignoredRepositories')?.includes('.') ? true : undefined), 'git.ignoredRepositories to name the folder');
  return () => Promise.resolve(settings().update('ignoredRepositories', undefined, vscode.ConfigurationTarget.Global));
}

/**
 * Runs `body` with the open folder a git repository whose `origin` is `remoteUrl`, then removes it,
 * failing if VS Code's Git extension has it open (see `keepGitExtensionOut`).
 */
export async function withFolderRepository<T>(remoteUrl: string, body: (folder: string) => Promise<T>): Promise<T> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const gitExtension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  assert.ok(gitExtension, 'the built-in Git extension is missing');
  const gitApi = (await gitExtension.activate()).getAPI(1);
  const opened = () => gitApi.getRepository(folder) !== null;
  assert.equal(opened(), false, "VS Code's Git extension already has a repository open in the folder");
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder.fsPath });
  git('init', '-q');
  try {
    git('remote', 'add', 'origin', remoteUrl);
    const result = await body(folder.fsPath);
    assert.equal(opened(), false, "VS Code's Git extension opened the test's repository: removing it could crash the extension host");
    return result;
  } finally {
    rmSync(path.join(folder.fsPath, '.git'), { recursive: true, force: true });
  }
}
