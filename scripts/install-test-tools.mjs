#!/usr/bin/env node
// Installs the tools the browser and extension-host tests need into <repo>/.tools/:
//   - Node 24 (the node-<platform>-<arch> npm package ships the binary and its headers)
//   - code-server (a real VS Code server + web workbench), built with that Node 24.
// Idempotent: each tool lives in a versioned folder with a marker file written only after the
// install has been verified, so a warm run only checks markers. Versions: scripts/test-tools.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const versions = JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'test-tools.json'), 'utf8'));
// NORA_TOOLS_DIR lets CI keep one cache across clones; test/e2e/support/tools.ts reads it too.
const toolsDir = process.env.NORA_TOOLS_DIR ? path.resolve(process.env.NORA_TOOLS_DIR) : path.join(repoRoot, '.tools');
const MARKER = '.install-complete';

const nodePkg = `node-${process.platform}-${process.arch}`;
const nodeDir = path.join(toolsDir, `node-${versions.node}`);
const nodeHome = path.join(nodeDir, 'node_modules', nodePkg); // has bin/node and include/node
const nodeBin = path.join(nodeHome, 'bin', 'node');
const csDir = path.join(toolsDir, `code-server-${versions.codeServer}`);
const csPkg = path.join(csDir, 'node_modules', 'code-server');
const csEntry = path.join(csPkg, 'out', 'node', 'entry.js');
const serverMain = path.join(csPkg, 'lib', 'vscode', 'out', 'server-main.js');

function fail(message) {
  console.error(`\ninstall-test-tools: FAILED: ${message}`);
  process.exit(1);
}

function run(cmd, args, options) {
  console.log(`$ ${cmd} ${args.join(' ')}   (in ${path.relative(repoRoot, options.cwd) || '.'})`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function capture(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** npm environment: Node 24 first on PATH, its own headers for node-gyp, scripts on, no prompts. */
function npmEnv() {
  return {
    ...process.env,
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeHome, // ~/.npmrc may point nodedir at the system Node's headers
    npm_config_yes: 'true',
    npm_config_ignore_scripts: 'false', // code-server's postinstall installs VS Code's own deps
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

/** A private package.json so npm treats the folder as its own project (not the repo). */
function writeHostPackage(dir, name, allowScripts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, description: 'Test tool cache; generated.', allowScripts }, null, 2),
  );
}

function installNode() {
  if (existsSync(path.join(nodeDir, MARKER)) && existsSync(nodeBin)) return 'cached';
  rmSync(nodeDir, { recursive: true, force: true });
  writeHostPackage(nodeDir, 'nora-test-node', { [nodePkg]: true });
  run('npm', ['install', '--no-save', '--no-package-lock', `${nodePkg}@${versions.node}`], {
    cwd: nodeDir,
    env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false' },
  });
  const v = capture(nodeBin, ['--version']);
  if (v !== `v${versions.node}`) fail(`${nodeBin} reports ${v ?? 'nothing'}, expected v${versions.node}`);
  if (!existsSync(path.join(nodeHome, 'include', 'node', 'node.h'))) fail(`no headers in ${nodeHome}/include`);
  writeFileSync(path.join(nodeDir, MARKER), `${v}\n`);
  return 'installed';
}

function verifyCodeServer() {
  // code-server writes a default config on first run: keep it out of the real home.
  const home = mkdtempSync(path.join(os.tmpdir(), 'nora-tools-home-'));
  const env = { ...npmEnv(), HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  try {
    return verifyCodeServerIn(env);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function verifyCodeServerIn(env) {
  const out = capture(nodeBin, [csEntry, '--version'], env) ?? '';
  const v = out.split('\n').find((line) => line.startsWith(`${versions.codeServer} `));
  if (!v) fail(`code-server --version printed ${out || 'nothing'}`);
  // The native modules the server and its terminals load must have been built for Node 24.
  const vscodeModules = path.join(csPkg, 'lib', 'vscode', 'node_modules');
  for (const mod of ['node-pty', '@vscode/spdlog', 'argon2']) {
    const from = mod === 'argon2' ? csPkg : vscodeModules;
    const probe = `require(require.resolve(${JSON.stringify(mod)}, { paths: [${JSON.stringify(from)}] }))`;
    if (capture(nodeBin, ['-e', probe], env) === undefined) fail(`native module ${mod} does not load with Node 24`);
  }
  if (!existsSync(serverMain)) fail(`missing ${serverMain}`);
  return v;
}

function installCodeServer() {
  if (existsSync(path.join(csDir, MARKER)) && existsSync(csEntry)) return 'cached';
  rmSync(csDir, { recursive: true, force: true });
  writeHostPackage(csDir, 'nora-test-code-server', { 'code-server': true, argon2: true });
  run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${versions.codeServer}`], {
    cwd: csDir,
    env: npmEnv(),
  });
  const v = verifyCodeServer();
  writeFileSync(path.join(csDir, MARKER), `${v}\n`);
  return 'installed';
}

const started = Date.now();
mkdirSync(toolsDir, { recursive: true });
const nodeState = installNode();
const csState = installCodeServer();
const rel = (p) => path.relative(repoRoot, p);
console.log(`install-test-tools: ok in ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`  node ${versions.node} (${nodeState}): ${rel(nodeBin)}`);
console.log(`  code-server ${versions.codeServer} (${csState}): ${rel(csEntry)}`);
console.log(`  VS Code server-main: ${rel(serverMain)}`);
