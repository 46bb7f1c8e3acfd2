/** Running git from tests and fakes, and making the bare repositories they serve. */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Environment for git processes the fake runs itself: no user or system config. */
export function serverGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'Path', 'SYSTEMROOT', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = os.devNull;
  env.HOME = os.tmpdir();
  return env;
}

export interface GitResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git without a shell, stdin closed unless `input` is given; never rejects on exit code. */
export function runGit(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd: options.cwd,
      env: options.env ?? serverGitEnv(),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    if (options.input !== undefined && child.stdin) child.stdin.end(options.input);
  });
}

async function mustGit(args: readonly string[], options: Parameters<typeof runGit>[1] = {}): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * Creates `<projectRoot>/<relativePath>` (e.g. `workspace/repo.git`) as a bare repository
 * whose `branch` holds one commit with a README. Built with plumbing (no work tree, no
 * network). Returns the absolute path of the repository.
 */
export async function createBareRepository(
  projectRoot: string,
  relativePath: string,
  options: { branch?: string; readme?: string } = {},
): Promise<string> {
  const branch = options.branch ?? 'main';
  const gitDir = path.resolve(projectRoot, relativePath);
  await fs.mkdir(gitDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...serverGitEnv(),
    GIT_AUTHOR_NAME: 'Fake Bitbucket',
    GIT_AUTHOR_EMAIL: 'fake@example.invalid',
    GIT_COMMITTER_NAME: 'Fake Bitbucket',
    GIT_COMMITTER_EMAIL: 'fake@example.invalid',
  };
  await mustGit(['init', '--quiet', '--bare', gitDir], { env });
  await mustGit(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { env, cwd: gitDir });
  const blob = await mustGit(['hash-object', '-w', '--stdin'], {
    env,
    cwd: gitDir,
    input: options.readme ?? `# ${path.basename(relativePath, '.git')}\n`,
  });
  const tree = await mustGit(['mktree'], { env, cwd: gitDir, input: `100644 blob ${blob}\tREADME.md\n` });
  const commit = await mustGit(['commit-tree', tree, '-m', 'Initial commit'], { env, cwd: gitDir });
  await mustGit(['update-ref', `refs/heads/${branch}`, commit], { env, cwd: gitDir });
  return gitDir;
}
