// Builds the hello-world baseline the way esbuild.mjs builds ours (bundled, minified, `vscode`
// external), as an extension folder in `outDir` that code-server can install.
import { mkdirSync, writeFileSync } from 'node:fs';
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
  return { bundle, folder };
}
