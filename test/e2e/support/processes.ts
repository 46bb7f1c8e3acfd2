// Process plumbing shared by the code-server and extension-host runners: sandboxed environments,
// free ports, waiting for HTTP, and killing a detached process group.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathWithNode24 } from './tools';

/** An environment whose HOME, XDG_* and TMPDIR all point into `sandboxHome`, with Node 24 first on PATH. */
export function sandboxEnv(sandboxHome: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code or Electron would confuse the server we start.
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  const dirs = {
    HOME: sandboxHome,
    XDG_CONFIG_HOME: path.join(sandboxHome, '.config'),
    XDG_DATA_HOME: path.join(sandboxHome, '.local', 'share'),
    XDG_STATE_HOME: path.join(sandboxHome, '.local', 'state'),
    XDG_CACHE_HOME: path.join(sandboxHome, '.cache'),
    TMPDIR: path.join(sandboxHome, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { ...env, ...dirs, PATH: pathWithNode24(process.env.PATH), ...extra };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/** Spawns `command` in its own process group, stdout and stderr appended to `logFile`. */
export function spawnDetached(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  return child;
}

/** Resolves once `url` answers any HTTP status below 500; rejects on timeout or if `child` exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}`);
    }
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status > 0 && status < 500) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms; see ${logFile}`);
}

/** SIGTERM the whole process group of `child`, then SIGKILL whatever is left after `graceMs`. */
export async function killProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // ESRCH: the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
}
