// Stands in for VS Code's desktop executable when running extension tests: takes the same
// command line (`--extensionDevelopmentPath=… --extensionTestsPath=… [folder]`), runs the tests in
// a real VS Code — the VS Code server shipped in code-server, run with Node 24, opened in headless
// Chromium with an extension-development payload (code-server itself refuses those flags) — and
// exits with mocha's code, which the workbench reports through window.codeAutomationExit(code).
// @vscode/test-electron starts it through code-launcher.sh (see runTests.ts), so the same test
// files run unchanged against desktop VS Code where one can be downloaded.
//
// Environment: NORA_HOST_GREP (mocha grep), NORA_HOST_TIMEOUT_MS (overall, default 300000),
// NORA_HOST_VERBOSE=1 (also print the browser console and the server log), NORA_E2E_KEEP=1 (keep
// the temp dirs). The window opens a folder whose workspace settings try to redirect the
// credentials (workspaceFixture.ts), which the tests prove inert.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserSession, launchBrowser } from '../e2e/support/browser';
import { installUnpacked } from '../e2e/support/codeServer';
import { freePort, killProcessGroup, sandboxEnv, spawnDetached, waitForHttp } from '../e2e/support/processes';
import { repoRoot } from '../support/repoRoot';
import { assertToolsInstalled, tools } from '../e2e/support/tools';
import { writeHostileWorkspace } from './workspaceFixture';

const timeoutMs = Number(process.env.NORA_HOST_TIMEOUT_MS ?? 300_000);
const verbose = process.env.NORA_HOST_VERBOSE === '1';

/**
 * The part of VS Code's desktop command line that extension tests use: `--extensionDevelopmentPath=`
 * and `--extensionTestsPath=` (as @vscode/test-electron passes them), and an optional folder to
 * open. Other flags (sandbox, profile dirs) are meaningless here and ignored: every run gets
 * fresh directories.
 */
function parseCommandLine(argv: readonly string[]): { extensionPaths: string[]; testsEntry: string; folder: string | undefined } {
  const values = (name: string): string[] => argv.filter((arg) => arg.startsWith(`--${name}=`)).map((arg) => arg.slice(name.length + 3));
  const value = (name: string): string | undefined => values(name)[0];
  const extensionPaths = values('extensionDevelopmentPath').map((extension) => path.resolve(extension));
  return {
    extensionPaths: extensionPaths.length > 0 ? extensionPaths : [repoRoot],
    testsEntry: path.resolve(value('extensionTestsPath') ?? path.join(repoRoot, 'out', 'test', 'host', 'index.js')),
    folder: argv.find((arg) => !arg.startsWith('-')),
  };
}

/** Prints what is appended to `file` as it grows; returns a function that flushes and stops. */
function follow(file: string): () => void {
  let printed = 0;
  const flush = (): void => {
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    if (text.length > printed) process.stdout.write(text.slice(printed));
    printed = text.length;
  };
  const timer = setInterval(flush, 200);
  return () => {
    clearInterval(timer);
    flush();
  };
}

async function main(): Promise<number> {
  assertToolsInstalled();
  const { extensionPaths, testsEntry, folder } = parseCommandLine(process.argv.slice(2));
  const [extensionPath = repoRoot, ...otherExtensions] = extensionPaths;
  const extensionMain = path.join(extensionPath, 'dist', 'extension.js');
  if (!existsSync(extensionMain)) throw new Error(`${extensionMain} is missing: run \`npm run build\` first`);
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: run \`npx tsc -p tsconfig.test.json\` first`);

  const root = mkdtempSync(path.join(os.tmpdir(), 'nora-host-tests-'));
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    serverData: path.join(root, 'server-data'),
    home: path.join(root, 'home'),
    workspace: folder ?? path.join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  if (!folder) writeHostileWorkspace(dirs.workspace);
  // The web workbench reads its payload into a Map, so only one extensionDevelopmentPath counts:
  // further ones (another extension the tests need) are installed as ordinary extensions.
  for (const other of otherExtensions) installUnpacked(other, dirs.extensions);
  const settings = { 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none' };
  // Machine-scoped settings of a remote window are read from Machine/settings.json.
  const machineSettings = { 'nora.bitbucket.apiBaseUrl': 'http://127.0.0.1:9/2.0' };
  for (const [scope, values] of [['User', { ...settings, ...machineSettings }], ['Machine', machineSettings]] as const) {
    mkdirSync(path.join(dirs.userData, scope), { recursive: true });
    writeFileSync(path.join(dirs.userData, scope, 'settings.json'), JSON.stringify(values, null, 2));
  }
  const serverLog = path.join(root, 'server.log');
  const outputFile = path.join(root, 'mocha-output.txt');

  const port = await freePort();
  const server = spawnDetached(
    tools.node,
    [
      tools.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--server-data-dir', dirs.serverData,
    ],
    sandboxEnv(dirs.home, { NORA_HOST_OUTPUT: outputFile, NORA_HOST_GREP: process.env.NORA_HOST_GREP ?? '' }),
    serverLog,
  );
  let browser: BrowserSession | undefined;
  const stopFollowing = follow(outputFile);
  let code = 1;
  let failure: string | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/`, server, 60_000, serverLog);
    const remote = (file: string): string => `vscode-remote://127.0.0.1:${port}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsEntry)],
    ]);
    const url = `${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(payload)}`;

    browser = await launchBrowser();
    const page = browser.page;
    let finish: (code: number | string) => void = () => undefined;
    const finished = new Promise<number | string>((resolve) => (finish = resolve));
    // Called by the workbench when the extension host that ran the tests exits.
    await page.exposeFunction('codeAutomationExit', (exitCode: number) => finish(exitCode));
    server.once('exit', (c, signal) => finish(`the VS Code server exited (${c ?? signal})`));
    const timer = setTimeout(() => finish(`no result within ${timeoutMs} ms`), timeoutMs);
    if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    console.log(`host tests: VS Code server on ${base}`);
    await page.goto(url);
    const result = await finished;
    clearTimeout(timer);
    if (typeof result === 'number') code = result;
    else failure = result;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    stopFollowing();
    if (failure) {
      console.error(`host tests: ${failure}`);
      if (!verbose && browser) console.error(`--- browser console (last 30)\n${browser.consoleLines.slice(-30).join('\n')}`);
      console.error(`--- server log\n${readFileSync(serverLog, 'utf8')}`);
    } else if (!existsSync(outputFile)) {
      console.error('host tests: mocha printed nothing (did out/test/host/index.js load? NORA_HOST_VERBOSE=1 shows more)');
    }
    await browser?.close();
    await killProcessGroup(server);
    if (process.env.NORA_E2E_KEEP === '1') console.log(`host tests: kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  console.log(`host tests: extension host exited with ${code}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`host tests: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
