// Module evaluation cost: `require` of the bundled extension in a fresh Node process, with a
// minimal `vscode` stub so nothing but our own top-level code runs. Node's built-in modules that
// the bundle uses are loaded first, as the extension host has them loaded already.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { median } from './stats.mjs';

const probe = `
const Module = require('node:module');
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return {};
  return originalLoad.call(this, request, ...rest);
};
const bundle = process.argv[1];
const source = require('node:fs').readFileSync(bundle, 'utf8');
for (const [, builtin] of source.matchAll(/require\("((?:node:)?[a-z_/]+)"\)/g)) {
  if (builtin !== 'vscode') require(builtin);
}
const started = process.hrtime.bigint();
require(bundle);
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

export function measureRequire(repoRoot, runs) {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', probe, bundle], { encoding: 'utf8' })));
  }
  return { requireMs: median(times), runs };
}
