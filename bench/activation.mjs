// What every window pays for the extension: the CPU time of a fresh Node process over the first
// 300 ms from `require` of the bundle, through `activate(context)` and everything it scheduled
// after (timers, promises, storage reads), for our extension (with a connection stored) and for
// the hello-world baseline (bench/baseline/extension.js) bundled the way esbuild.mjs bundles ours.
// Work moved after activation still counts. Samples alternate. `vscode` is a stub whose every call
// succeeds, so only the extensions' own code is measured; Node's built-in modules, its module
// loader and its timers are warmed first, as the extension host has them warm already.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { median } from './stats.mjs';

const probe = `
const Module = require('node:module');
const bundle = process.argv[1];
const stored = JSON.parse(process.argv[2]);
const apiNames = JSON.parse(process.argv[3]);
const anything = () => {
  const self = new Proxy(function () {}, {
    get: (_, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : self),
    apply: () => self,
    construct: () => self,
    set: () => true,
  });
  return self;
};
const vscode = Object.fromEntries(apiNames.map((name) => [name, anything()]));
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
};
const source = require('node:fs').readFileSync(bundle, 'utf8');
for (const [, builtin] of source.matchAll(/require\\("((?:node:)?[a-z_/]+)"\\)/g)) {
  if (builtin !== 'vscode') require(builtin);
}
const context = {
  subscriptions: [],
  extensionMode: 1,
  extension: { id: 'bench.extension', packageJSON: { version: '0.0.0' } },
  extensionUri: anything(),
  globalState: { get: (key) => stored.globalState[key], update: async () => undefined, keys: () => Object.keys(stored.globalState) },
  secrets: { get: async (key) => stored.secrets[key], store: async () => undefined, delete: async () => undefined, onDidChange: anything() },
};
// The extension host's module loader and timers are long warm when an extension activates: warm
// these too.
require(process.argv[4]);
clearTimeout(setTimeout(() => undefined, 0));
const window = 300;
const before = process.cpuUsage();
require(bundle).activate(context);
setTimeout(() => {
  const { user, system } = process.cpuUsage(before);
  // Only now: the first use of process.stdout loads Node's stream internals, which takes milliseconds.
  process.stdout.write(String((user + system) / 1000), () => process.exit(0));
}, window);
`;

/**
 * A connection as the extension stores it: the list in globalState, the secret in SecretStorage
 * under the connection's own key. (A profile an earlier release stored is moved into the list once,
 * by the first window; every window after pays for this.)
 */
const storedConnection = {
  globalState: {
    'nora.bitbucket.connections': {
      version: 2,
      connections: [
        {
          version: 1,
          credentialId: 'bench-credential',
          credentialType: 'apiToken',
          email: 'dev@example.com',
          username: 'nora-dev',
          displayName: 'Nora Developer',
          grantedScopes: ['read:user:bitbucket'],
          lastTestedAt: '2026-11-01T00:00:00.000Z',
        },
      ],
    },
  },
  secrets: { 'nora.bitbucket.secret.bench-credential': JSON.stringify({ credentialId: 'bench-credential', secret: 'bench-token' }) },
};

/** The names the `vscode` module exports (namespaces, classes, enums), read from its typings. */
function vscodeApiNames(repoRoot) {
  const typings = readFileSync(path.join(repoRoot, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = [...typings.matchAll(/^\s*export (?:namespace|class|enum|const|let) (\w+)/gm)].map(([, name]) => name);
  return JSON.stringify([...new Set(names)]);
}

/**
 * CPU milliseconds over the first 300 ms of a window, ours and the hello world's, median of `runs`
 * each, in processes of the `node` binary given (the extension host's runtime).
 */
export function measureActivation(repoRoot, baseline, runs, node) {
  const ours = path.join(repoRoot, 'dist', 'extension.js');
  const warmUp = path.join(path.dirname(baseline.bundle), 'warm-up.js');
  writeFileSync(warmUp, 'module.exports = {};\n');
  const apiNames = vscodeApiNames(repoRoot);
  const sample = (bundle, stored) => {
    try {
      return Number(execFileSync(node, ['-e', probe, bundle, JSON.stringify(stored), apiNames, warmUp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (error) {
      const lastLines = String(error.stderr ?? '').split('\n').filter((line) => line.length < 300).slice(-8).join('\n');
      throw new Error(`activating ${path.basename(bundle)} with the vscode stub failed:\n${lastLines}`, { cause: error });
    }
  };
  const oursMs = [];
  const baselineMs = [];
  for (let i = 0; i < runs; i++) {
    oursMs.push(sample(ours, storedConnection));
    baselineMs.push(sample(baseline.bundle, { globalState: {}, secrets: {} }));
  }
  const extension = median(oursMs);
  const hello = median(baselineMs);
  return { runs, extensionCpuMs: extension, baselineCpuMs: hello, ratio: extension / hello };
}
