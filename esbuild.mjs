// Bundles the extension into CommonJS files so the VSIX needs no node_modules: dist/extension.js,
// which activation loads, dist/windowState.js, which it requires just after, and
// dist/features.js, which that requires on first use; and the form's media into dist/media.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps `require('./windowState.js')` and `require('./features.js')` run-time loads of the other bundles. */
const loadBundlesLazily = {
  name: 'load-bundles-lazily',
  setup(build) {
    build.onResolve({ filter: /^\.\/(windowState|features)\.js$/ }, (args) => ({ path: args.path, external: true }));
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

/**
 * Every `import * as vscode from 'vscode'` of a CommonJS external costs a copy of the whole API
 * object (esbuild's __toESM), once per importing file, at load time. One module re-exports it
 * instead, so each bundle copies it once; extension.ts, which activation loads, uses a plain
 * `require` (`import vscode = require('vscode')`) and copies nothing.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' || args.kind === 'require-call' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * node-fetch imports a FormData polyfill and fetch-blob for FormData and Blob bodies and for
 * `Response.formData()` and `Response.blob()`. The client sends neither kind of body and calls
 * neither method, so stand-ins that throw if ever used save about 6 KB.
 */
const unusedByTheClient = {
  'formdata-polyfill/esm.min.js': 'export class FormData {}\nexport function formDataToBlob() { throw new Error("FormData is not bundled"); }',
  'fetch-blob': 'export default class Blob { constructor() { throw new Error("Blob is not bundled"); } }',
  'fetch-blob/from.js': [
    'export { default as Blob } from "fetch-blob";',
    'export class File {}',
    ...['fileFrom', 'fileFromSync', 'blobFrom', 'blobFromSync'].map((name) => `export function ${name}() { throw new Error("Blob is not bundled"); }`),
  ].join('\n'),
};
const leaveOutUnusedFetchParts = {
  name: 'leave-out-unused-fetch-parts',
  setup(build) {
    const modules = new RegExp(`^(${Object.keys(unusedByTheClient).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: modules }, (args) => ({ path: args.path, namespace: 'unused-by-the-client' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-by-the-client' }, (args) => ({ contents: unusedByTheClient[args.path], loader: 'js', resolveDir: '.' }));
  },
};

const context = await esbuild.context({
  entryPoints: ['src/extension.ts', 'src/windowState.ts', 'src/features.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outdir: 'dist',
  // fetch-blob loads this polyfill only when globalThis.ReadableStream is missing, which never
  // happens on the Node versions VS Code ships; leaving it out saves 60 KB. node-fetch imports its
  // multipart parser only inside Response.formData(), which the client never calls.
  external: ['vscode', 'web-streams-polyfill/*', './utils/multipart-parser.js'],
  plugins: [loadBundlesLazily, vscodeOnce, leaveOutUnusedFetchParts],
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
