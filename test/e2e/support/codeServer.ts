// Starts code-server (a real VS Code: server + web workbench) with a VSIX installed, in fresh
// directories under os.tmpdir(), and stops it together with everything it spawned.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, killProcessGroup, sandboxEnv, spawnDetached, waitForHttp } from './processes';
import { assertToolsInstalled, tools } from './tools';

export interface CodeServerOptions {
  /** The VSIX to install before starting (omit to start without it). */
  vsixPath?: string;
  /** Extension folders (unpacked, with their package.json) to install beside the VSIX. */
  unpackedExtensions?: readonly string[];
  /** The folder the window opens; a fresh empty one when omitted. */
  workspaceFolder?: string;
  /** Merged over the defaults in <user-data-dir>/User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Machine-scoped settings; written to Machine/settings.json (where code-server reads them) and User/settings.json. */
  machineSettings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** The port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
  /** VS Code's log level (`--log`), e.g. `trace` so that MCP clients log every request. */
  logLevel?: string;
  /** Workspace Trust on, without the startup question: the folder opens in Restricted Mode (default: trust off). */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** Opens the workspace folder. */
  url: string;
  port: number;
  workspaceFolder: string;
  userDataDir: string;
  extensionsDir: string;
  /** HOME, XDG_* and TMPDIR of code-server and its terminals. */
  sandboxHome: string;
  /** code-server.log (its stdout/stderr); VS Code's own logs are under <userDataDir>/logs. */
  logsDir: string;
  /** Kills the process group; deletes the temp dirs unless `keepDirs` or NORA_E2E_KEEP=1. */
  stop(options?: { keepDirs?: boolean }): Promise<void>;
}

export const defaultUserSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.enablePersistentSessions': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Installs an extension folder as VS Code would unpack it: <extensions>/<publisher>.<name>-<version>. */
export function installUnpacked(extensionPath: string, extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as Record<string, string>;
  cpSync(extensionPath, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertToolsInstalled();
  const root = mkdtempSync(path.join(os.tmpdir(), 'nora-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const sandboxHome = path.join(root, 'home');
  const logsDir = path.join(root, 'logs');
  const workspaceFolder = options.workspaceFolder ?? path.join(root, 'workspace');
  for (const dir of [userDataDir, extensionsDir, sandboxHome, logsDir, workspaceFolder]) mkdirSync(dir, { recursive: true });
  const env = sandboxEnv(sandboxHome, options.env);
  const logFile = path.join(logsDir, 'code-server.log');

  const machine = options.machineSettings ?? {};
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeJson(path.join(userDataDir, 'User', 'settings.json'), { ...defaultUserSettings, ...trust, ...options.userSettings, ...machine });
  writeJson(path.join(userDataDir, 'Machine', 'settings.json'), machine);
  const configFile = path.join(root, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  // Before the VSIX: its install writes extensions.json, which then lists folders found already there.
  for (const extension of options.unpackedExtensions ?? []) installUnpacked(extension, extensionsDir);
  if (options.vsixPath) {
    if (!existsSync(options.vsixPath)) throw new Error(`no VSIX at ${options.vsixPath}`);
    const r = spawnSync(tools.node, [tools.codeServerEntry, ...common, '--install-extension', options.vsixPath], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`installing ${options.vsixPath} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }

  const port = options.port ?? (await freePort());
  const child = spawnDetached(
    tools.node,
    [
      tools.codeServerEntry,
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(options.logLevel ? ['--log', options.logLevel] : []),
      workspaceFolder,
    ],
    env,
    logFile,
  );
  const cleanup = async (keepDirs: boolean): Promise<void> => {
    await killProcessGroup(child);
    if (!keepDirs) rmSync(root, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/healthz`, child, options.startTimeoutMs ?? 60_000, logFile);
  } catch (error) {
    await cleanup(true); // keep the log the error points at
    throw error;
  }
  const stop = (options: { keepDirs?: boolean } = {}): Promise<void> => cleanup(options.keepDirs === true || process.env.NORA_E2E_KEEP === '1');
  const url = `${base}/?folder=${encodeURIComponent(workspaceFolder)}`;
  return { url, port, workspaceFolder, userDataDir, extensionsDir, sandboxHome, logsDir, stop };
}
