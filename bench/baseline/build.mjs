// Builds the hello-world baseline the way esbuild.mjs builds ours (bundled, minified, `vscode`
// external), as an extension folder in `outDir` that code-server can install, and a variant of its
// bundle for the activation figure.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildBaseline(outDir) {
  const folder = path.join(outDir, 'baseline');
  mkdirSync(folder, { recursive: true });
  const options = { bundle: true, format: 'cjs', platform: 'node', target: 'node18', minify: true, external: ['vscode'], logLevel: 'error' };
  const source = path.join(here, 'extension.js');
  const bundle = path.join(folder, 'extension.js');
  await esbuild.build({ ...options, entryPoints: [source], outfile: bundle });
  // The same hello world with the one change our activation bundle makes: `vscode` by a plain
  // require, which spares the copy of the whole API object that `import * as` costs.
  const importLine = "import * as vscode from 'vscode';";
  const template = readFileSync(source, 'utf8');
  if (!template.includes(importLine)) throw new Error(`bench/baseline/extension.js no longer has the line ${importLine}`);
  const plainRequireBundle = path.join(folder, 'plain-require.js');
  await esbuild.build({
    ...options,
    stdin: { contents: template.replace(importLine, "import vscode = require('vscode');"), loader: 'ts', resolveDir: here },
    outfile: plainRequireBundle,
  });
  const manifest = {
    name: 'nora-bench-baseline',
    displayName: 'Benchmark baseline',
    description: 'A minimal extension the benchmark compares against.',
    publisher: 'nora-bench',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    contributes: { commands: [{ command: 'bench.baseline.openPanel', title: 'Open Baseline Panel', category: 'Bench' }] },
  };
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  return { bundle, plainRequireBundle, folder };
}
