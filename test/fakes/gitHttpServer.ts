/**
 * A loopback smart-HTTP git server for tests and demos: demands HTTP Basic auth with one
 * username and password, records every credential it is sent, and hands authorized requests
 * to `git http-backend` (CGI).
 *
 * As a CLI: `node out/test/fakes/gitHttpServer.js --root DIR --username U [--password P]
 * [--create-repo workspace/repo.git]... [--port N]` prints `{"url":"http://127.0.0.1:PORT"}`
 * as one JSON line and serves until SIGINT/SIGTERM. The password may instead come from the
 * FAKE_GIT_PASSWORD environment variable (keeps it out of the process list).
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SeenCredential {
  readonly username: string;
  readonly password: string;
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly contentEncoding?: string;
  readonly authorized: boolean;
}

export interface GitHttpServerOptions {
  /** Directory holding the bare repositories, served as GIT_PROJECT_ROOT. */
  readonly projectRoot: string;
  readonly username: string;
  readonly password: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  readonly realm?: string;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every Basic credential sent, accepted or not, in order. */
  readonly seen: SeenCredential[];
  /** Requests that came without any Authorization header. */
  readonly unauthenticatedRequests: number;
  /** Every request, in order. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const projectRoot = path.resolve(options.projectRoot);
  const realm = options.realm ?? 'Fake Bitbucket git';
  const seen: SeenCredential[] = [];
  let unauthenticatedRequests = 0;
  const requests: SeenRequest[] = [];

  const server = http.createServer((req, res) => {
    const credential = parseBasicAuthorization(req.headers.authorization);
    if (credential === undefined) unauthenticatedRequests++;
    else seen.push(credential);
    const authorized =
      credential !== undefined && credential.username === options.username && credential.password === options.password;
    const contentEncoding = req.headers['content-encoding'];
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorized,
      ...(contentEncoding === undefined ? {} : { contentEncoding }),
    });
    if (!authorized) {
      req.resume();
      res.writeHead(401, {
        'WWW-Authenticate': `Basic realm="${realm}"`,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end('Authentication required\n');
      return;
    }
    runHttpBackend(projectRoot, options.username, req, res);
  });
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    requests,
    get unauthenticatedRequests() {
      return unauthenticatedRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function parseBasicAuthorization(header: string | undefined): SeenCredential | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]*)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Environment for git processes the fake runs itself: no user or system config. */
function serverGitEnv(): NodeJS.ProcessEnv {
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

function runHttpBackend(projectRoot: string, remoteUser: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    ...serverGitEnv(),
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_USER: remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    AUTH_TYPE: 'Basic',
  };
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const optional: Array<[string, string | undefined]> = [
    ['CONTENT_TYPE', header('content-type')],
    ['CONTENT_LENGTH', header('content-length')],
    ['GIT_PROTOCOL', header('git-protocol')],
    ['HTTP_CONTENT_ENCODING', header('content-encoding')],
  ];
  for (const [name, value] of optional) if (value !== undefined) env[name] = value;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {
    /* the backend may exit before reading the whole body; its exit is handled below */
  });
  req.pipe(child.stdin);

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = findHeaderEnd(head);
    if (!end) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.index).toString('latin1'));
    res.writeHead(status.code, status.text, headers);
    headersSent = true;
    const rest = head.subarray(end.index + end.length);
    if (rest.length > 0) res.write(rest);
  });
  child.on('error', (error) => fail(`could not run git http-backend: ${error.message}`));
  child.on('close', (code) => {
    if (headersSent) res.end();
    else fail(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString('utf8')}`);
  });

  function fail(message: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${message}\n`);
  }
}

function findHeaderEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}

function parseCgiHeaders(text: string): { status: { code: number; text: string }; headers: Array<[string, string]> } {
  let status = { code: 200, text: 'OK' };
  const headers: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const match = /^(\d{3})\s*(.*)$/.exec(value);
      if (match) status = { code: Number(match[1]), text: match[2] || http.STATUS_CODES[Number(match[1])] || '' };
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers };
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

function parseCliArguments(argv: readonly string[]): {
  root: string;
  username: string;
  password: string;
  port: number;
  repos: string[];
} {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !match[1]) throw new Error(`unexpected argument: ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`missing value for --${match[1]}`);
    values.set(match[1], [...(values.get(match[1]) ?? []), value]);
  }
  const one = (name: string): string | undefined => values.get(name)?.at(-1);
  const root = one('root');
  const username = one('username');
  const password = one('password') ?? process.env.FAKE_GIT_PASSWORD;
  if (!root || !username || password === undefined) {
    throw new Error(
      'usage: gitHttpServer --root DIR --username U [--password P | FAKE_GIT_PASSWORD=P] [--create-repo ws/repo.git]... [--port N]',
    );
  }
  return { root, username, password, port: Number(one('port') ?? 0), repos: values.get('create-repo') ?? [] };
}

async function main(): Promise<void> {
  const args = parseCliArguments(process.argv.slice(2));
  await fs.mkdir(args.root, { recursive: true });
  for (const repo of args.repos) await createBareRepository(args.root, repo);
  const server = await startGitHttpServer({
    projectRoot: args.root,
    username: args.username,
    password: args.password,
    port: args.port,
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
