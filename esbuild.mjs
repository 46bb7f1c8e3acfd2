// Bundles the extension into one CommonJS file so the VSIX needs no node_modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const context = await esbuild.context({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outfile: 'dist/extension.js',
  // fetch-blob loads this polyfill only when globalThis.ReadableStream is missing, which never
  // happens on the Node versions VS Code 1.90+ ships; leaving it out saves 60 KB.
  external: ['vscode', 'web-streams-polyfill/*'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  metafile: true,
  logLevel: 'info',
});

if (watch) {
  await context.watch();
} else {
  const { metafile } = await context.rebuild();
  await context.dispose();
  // What the bundle is made of, for `npm run bench` (not packaged).
  mkdirSync('out', { recursive: true });
  writeFileSync('out/esbuild-meta.json', JSON.stringify(metafile));
}
