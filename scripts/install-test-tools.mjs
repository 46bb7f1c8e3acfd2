#!/usr/bin/env node
// Installs what the extension-host and browser tests need into <repo>/.tools/, by itself, the first
// time `npm test`, `npm run bench` or `npm run demo` runs:
//   - Node 24 (the node-<platform>-<arch> npm package ships the binary and its headers);
//   - code-server (a real VS Code server and web workbench), built with that Node 24;
//   - Chromium (the @sparticuz/chromium npm package ships a headless build and the few libraries
//     it needs), so no system browser is needed.
// code-server's native modules build against the Kerberos headers; when they are missing it
// installs them with apt-get as root, and otherwise stops with the one command that fixes it.
// Idempotent: each tool lives in a versioned folder with a marker written only after the install
// has been verified, so a warm run only checks markers. Versions: scripts/test-tools.json.
import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { npmChildEnv } from './npmChildEnv.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const versions = JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'test-tools.json'), 'utf8'));
// NORA_TOOLS_DIR shares one cache between clones; test/e2e/support/tools.ts reads it too.
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
const chromiumDir = path.join(toolsDir, `chromium-${versions.chromium}`);
const chromiumPkgBin = path.join(chromiumDir, 'node_modules', '@sparticuz', 'chromium', 'bin');
const chromiumLauncher = path.join(chromiumDir, 'chromium'); // sets LD_LIBRARY_PATH, then execs the binary

function fail(message, fix) {
  console.error(`\ninstall-test-tools: FAILED: ${message}${fix ? `; to fix it, run: ${fix}` : ''}`);
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

const childEnv = () => npmChildEnv(process.env, { nodeBinDir: path.dirname(nodeBin), nodeHome });

/** A private package.json so npm treats the folder as its own project (not the repo). */
function writeHostPackage(dir, name, allowScripts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, description: 'Test tool cache; generated.', allowScripts }, null, 2),
  );
}

function npmInstall(dir, spec) {
  run('npm', ['install', '--no-save', '--no-package-lock', spec], { cwd: dir, env: childEnv() });
}

/** System packages the tests need that no npm package ships, as [what, is it there, Debian package]. */
function systemRequirements() {
  const onPath = (cmd) => capture(cmd, ['--version']) !== undefined;
  const requirements = [
    ['git', onPath('git'), 'git'],
    ['openssl', capture('openssl', ['version']) !== undefined, 'openssl'],
  ];
  if (process.platform === 'linux') {
    const kerberosHeaders = ['/usr/include/gssapi/gssapi.h', '/usr/local/include/gssapi/gssapi.h'].some((file) => existsSync(file));
    requirements.push(['the Kerberos headers that code-server builds against', kerberosHeaders, 'libkrb5-dev']);
  }
  return requirements;
}

function installSystemPackages() {
  const missing = systemRequirements().filter(([, present]) => !present);
  if (missing.length === 0) return 'present';
  const packages = missing.map(([, , pkg]) => pkg);
  const fix = `sudo apt-get install ${packages.join(' ')}`;
  const what = missing.map(([name]) => name).join(', ');
  const canApt = process.getuid?.() === 0 && capture('apt-get', ['--version']) !== undefined;
  if (!canApt) fail(`missing ${what}`, fix);
  console.log(`Installing ${what} with apt-get (${packages.join(' ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { cwd: repoRoot, env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { cwd: repoRoot, env });
  const still = systemRequirements().filter(([, present]) => !present);
  if (still.length > 0) fail(`still missing ${still.map(([name]) => name).join(', ')} after apt-get`, fix);
  return 'installed';
}

function installNode() {
  if (existsSync(path.join(nodeDir, MARKER)) && existsSync(nodeBin)) return 'cached';
  rmSync(nodeDir, { recursive: true, force: true });
  writeHostPackage(nodeDir, 'nora-test-node', { [nodePkg]: true });
  npmInstall(nodeDir, `${nodePkg}@${versions.node}`);
  const v = capture(nodeBin, ['--version']);
  if (v !== `v${versions.node}`) fail(`${nodeBin} reports ${v ?? 'nothing'}, expected v${versions.node}`);
  if (!existsSync(path.join(nodeHome, 'include', 'node', 'node.h'))) fail(`no headers in ${nodeHome}/include`);
  writeFileSync(path.join(nodeDir, MARKER), `${v}\n`);
  return 'installed';
}

function verifyCodeServer() {
  // code-server writes a default config on first run: keep it out of the real home.
  const home = mkdtempSync(path.join(os.tmpdir(), 'nora-tools-home-'));
  const env = { ...childEnv(), HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  try {
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
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function installCodeServer() {
  if (existsSync(path.join(csDir, MARKER)) && existsSync(csEntry)) return 'cached';
  rmSync(csDir, { recursive: true, force: true });
  writeHostPackage(csDir, 'nora-test-code-server', { 'code-server': true, argon2: true });
  npmInstall(csDir, `code-server@${versions.codeServer}`);
  writeFileSync(path.join(csDir, MARKER), `${verifyCodeServer()}\n`);
  return 'installed';
}

/** Unpacks `<name>.br` (brotli) from the package's bin folder to `target`. */
async function unbrotli(name, target) {
  await pipeline(createReadStream(path.join(chromiumPkgBin, name)), createBrotliDecompress(), createWriteStream(target));
}

async function installChromium() {
  if (existsSync(path.join(chromiumDir, MARKER)) && existsSync(chromiumLauncher)) return 'cached';
  rmSync(chromiumDir, { recursive: true, force: true });
  // No install scripts: the package only carries the compressed browser, unpacked here.
  writeHostPackage(chromiumDir, 'nora-test-chromium', {});
  npmInstall(chromiumDir, `@sparticuz/chromium@${versions.chromium}`);
  console.log(`Unpacking Chromium ${versions.chromium} into ${path.relative(repoRoot, chromiumDir)}`);
  const binary = path.join(chromiumDir, 'headless_shell');
  await unbrotli('chromium.br', binary);
  chmodSync(binary, 0o755);
  // NSS, NSPR and expat: the only libraries the browser needs beyond libc, built for its ABI.
  const libTar = path.join(chromiumDir, 'libs.tar');
  await unbrotli('al2023.tar.br', libTar);
  run('tar', ['-xf', libTar, '-C', chromiumDir], { cwd: chromiumDir });
  rmSync(libTar);
  writeFileSync(
    chromiumLauncher,
    '#!/bin/sh\n# Generated by scripts/install-test-tools.mjs: the browser with the libraries it ships.\n' +
      'here=$(dirname "$0")\nLD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/headless_shell" "$@"\n',
    { mode: 0o755 },
  );
  const v = capture(chromiumLauncher, ['--headless', '--no-sandbox', '--version']);
  if (!v?.includes(versions.chromium.split('.')[0])) fail(`${chromiumLauncher} --version printed ${v ?? 'nothing'}`);
  rmSync(path.join(chromiumDir, 'node_modules'), { recursive: true, force: true }); // 70 MB of archives
  writeFileSync(path.join(chromiumDir, MARKER), `${v}\n`);
  return 'installed';
}

const started = Date.now();
mkdirSync(toolsDir, { recursive: true });
console.log(`install-test-tools: checking the test tools in ${path.relative(repoRoot, toolsDir) || toolsDir}`);
const states = {
  'system packages': installSystemPackages(),
  [`node ${versions.node}`]: installNode(),
  [`code-server ${versions.codeServer}`]: installCodeServer(),
  [`chromium ${versions.chromium}`]: await installChromium(),
};
console.log(`install-test-tools: ok in ${((Date.now() - started) / 1000).toFixed(1)}s`);
for (const [tool, state] of Object.entries(states)) console.log(`  ${tool}: ${state}`);
