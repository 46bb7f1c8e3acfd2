// Bundles the extension into CommonJS files so the VSIX needs no node_modules: dist/extension.js,
// which activation loads, and dist/features.js, which it requires on first use; and the form's
// media into dist/media.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps `require('./features.js')` a run-time load of the other bundle. */
const loadFeaturesLazily = {
  name: 'load-features-lazily',
  setup(build) {
    build.onResolve({ filter: /^\.\/features\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// The form's script (TypeScript, typed against the extension's message schemas but importing only
// their types, see test/unit/build/webviewBundle.test.ts) and styles, minified for the package:
// the webview loads them from dist/media.
const media = await esbuild.context({
  entryPoints: [
    { in: 'src/form/webview/connectForm.ts', out: 'connect' },
    { in: 'media/connect.css', out: 'connect' },
  ],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  outdir: 'dist/media',
  minify: production,
  target: 'chrome120',
  metafile: true,
  logLevel: 'info',
});

const context = await esbuild.context({
  entryPoints: ['src/extension.ts', 'src/features.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outdir: 'dist',
  // fetch-blob loads this polyfill only when globalThis.ReadableStream is missing, which never
  // happens on the Node versions VS Code ships; leaving it out saves 60 KB. node-fetch imports its
  // multipart parser only inside Response.formData(), which the client never calls.
  external: ['vscode', 'web-streams-polyfill/*', './utils/multipart-parser.js'],
  plugins: [loadFeaturesLazily],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  metafile: true,
  logLevel: 'info',
});

if (watch) {
  await Promise.all([context.watch(), media.watch()]);
} else {
  const { metafile: mediaMeta } = await media.rebuild();
  await media.dispose();
  const { metafile } = await context.rebuild();
  await context.dispose();
  // What the bundles are made of, for `npm run bench` and the bundle tests (not packaged).
  mkdirSync('out', { recursive: true });
  const outputs = { ...metafile.outputs, ...mediaMeta.outputs };
  writeFileSync('out/esbuild-meta.json', JSON.stringify({ inputs: { ...metafile.inputs, ...mediaMeta.inputs }, outputs }));
}
