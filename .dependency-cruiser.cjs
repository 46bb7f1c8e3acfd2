// The layer rule (`npm run lint:layers`): imports point down, and only the VS Code adapters touch
// `vscode`. An adapter is a file named `*.vscode.ts`, beside the pure code of its feature, or one of
// the two entry points (src/extension.ts, activation; src/features.ts, loaded on first use).
// From the bottom:
//   src/userMessage.ts, src/commandIds.ts   shared by every layer
//   src/bitbucket                           the Bitbucket API
//   src/connection                          the connection, built on bitbucket
//   src/terminal, src/mcp, src/form, src/git, src/tools
//                                           the features, built on connection and bitbucket
// Everything else under src is pure: it may not import `vscode` or an adapter.

const adapters = ['\\.vscode\\.ts$', '^src/extension\\.ts$', '^src/features\\.ts$'];
const vscodeModule = ['^vscode$', '^node_modules/@types/vscode/'];
const shared = ['^src/userMessage\\.ts$', '^src/commandIds\\.ts$'];
const features = ['terminal', 'mcp', 'form', 'git', 'tools'];

/** A pure module of `folder` may import itself, the shared modules and the folders named below it. */
const layer = (name, folder, below) => ({
  name,
  comment: `${folder} may import only ${[folder, ...below].join(', ')} and the shared modules`,
  severity: 'error',
  from: { path: `^src/${folder}/`, pathNot: adapters },
  to: { path: '^src/', pathNot: [...shared, ...[folder, ...below].map((allowed) => `^src/${allowed}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-vscode-in-pure-modules',
      comment: 'Pure modules run in plain Node (unit tests, the webview): only the adapters (*.vscode.ts) may import vscode.',
      severity: 'error',
      from: { path: '^src/', pathNot: adapters },
      to: { path: vscodeModule },
    },
    {
      name: 'pure-modules-do-not-import-adapters',
      comment: 'A pure module that imports an adapter drags vscode in with it.',
      severity: 'error',
      from: { path: '^src/', pathNot: adapters },
      to: { path: adapters },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      severity: 'error',
      from: { path: shared },
      to: { path: '^src/' },
    },
    layer('bitbucket-is-the-bottom-layer', 'bitbucket', []),
    layer('connection-builds-on-bitbucket', 'connection', ['bitbucket']),
    ...features.map((feature) => layer(`${feature}-builds-on-connection`, feature, ['connection', 'bitbucket'])),
    {
      name: 'connection-adapters-serve-the-features',
      comment: "The connection's adapters (storage, status bar, controller) sit below every feature: they import no feature.",
      severity: 'error',
      from: { path: '^src/connection/' },
      to: { path: features.map((feature) => `^src/${feature}/`) },
    },
    // A feature takes what it needs from connection and bitbucket, and the entry points wire the
    // features together. The one exception: git's reading of the folders' remotes, which the form,
    // agent terminals and the tools use too.
    ...features.map((feature) => ({
      name: `${feature}-does-not-reach-into-other-features`,
      severity: 'error',
      from: { path: `^src/${feature}/` },
      to: { path: `^src/(${features.filter((other) => other !== feature && other !== 'git').join('|')})/` },
    })),
    {
      name: 'only-activation-loads-features',
      comment: 'extension.ts loads features.ts on first use (a run-time require of its own bundle); nothing else imports either, but for the types of the test hooks.',
      severity: 'error',
      from: { pathNot: ['^src/extension\\.ts$', '^src/testingHooks\\.vscode\\.ts$'] },
      to: { path: '^src/(extension|features)\\.ts$' },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type that points up the layers is still a dependency on that layer.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
