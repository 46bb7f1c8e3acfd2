// Bundles the extension into one CommonJS file so the VSIX needs no node_modules.
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
  await context.rebuild();
  await context.dispose();
}
