import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveGitExecutable } from '../../../src/connection/gitExecutable';

describe('the git run in an open folder', () => {
  let root: string;
  let folder: string;
  let bin: string;
  const executable = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'git-lookup-'));
    folder = path.join(root, 'folder');
    bin = path.join(root, 'bin');
    executable(path.join(folder, 'git'));
    executable(path.join(folder, 'tools', 'git'));
    executable(path.join(bin, 'git'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const lookup = (PATH: string, gitExtensionPath?: string) => resolveGitExecutable({ gitExtensionPath, env: { PATH }, folders: [folder], platform: 'linux' });

  it('never takes a git from the open folder, through a relative PATH entry or its absolute path', () => {
    const gitOnPath = path.join(bin, 'git');
    assert.equal(lookup(['.', '', path.join(folder, 'tools'), folder, bin].join(path.delimiter)), gitOnPath);
    assert.equal(lookup(['.', folder].join(path.delimiter)), undefined);
  });

  it("prefers the git extension's git.path, unless it lies in the folder or is not an executable file", () => {
    const other = executable(path.join(root, 'vscode-git', 'git'));
    assert.equal(lookup(bin, other), other);
    assert.equal(lookup(bin, path.join(folder, 'git')), path.join(bin, 'git'));
    assert.equal(lookup(bin, 'git'), path.join(bin, 'git'), 'a bare name would be looked up from the folder');
    assert.equal(lookup(bin, path.join(root, 'missing')), path.join(bin, 'git'));
  });

  it('on Windows looks only for git.exe in absolute PATH entries outside the folder', () => {
    const found = resolveGitExecutable({ gitExtensionPath: undefined, env: { Path: '.;C:\\missing' }, folders: ['C:\\work'], platform: 'win32' });
    assert.equal(found, undefined);
  });
});
