// The layer rule (`npm run lint:layers`): imports point down, and only the VS Code adapters touch
// `vscode`. From the bottom:
//   src/userMessage.ts                         shared by every layer
//   src/bitbucket                              the Bitbucket API
//   src/connection                             the connection, built on bitbucket
//   src/terminal, src/mcp, src/form            built on connection and bitbucket
//   adapters: src/ui, src/vscodeUi.ts (the VS Code calls they are given), src/terminal/agentTerminal.ts,
//             the entry points src/extension.ts, src/windowState.ts, src/features.ts
// Any other module under src counts as pure: it may not
// import `vscode` or an adapter.

/** The modules allowed to import `vscode`: everything else is pure. */
const adapters = [
  '^src/ui/',
  '^src/vscodeUi\\.ts$',
  '^src/terminal/agentTerminal\\.ts$',
  '^src/extension\\.ts$',
  '^src/windowState\\.ts$',
  '^src/features\\.ts$',
  '\\.vscode\\.ts$',
];
const vscodeModule = ['^vscode$', '^node_modules/@types/vscode/'];
const shared = '^src/userMessage\\.ts$';

/** A layer may import itself, the shared module and the folders named below it. */
const layer = (name, folder, below) => ({
  name,
  comment: `${folder} may import only ${[folder, ...below].join(', ')} and src/userMessage.ts`,
  severity: 'error',
  from: { path: `^src/${folder}/`, pathNot: adapters },
  to: { path: '^src/', pathNot: [shared, ...[folder, ...below].map((allowed) => `^src/${allowed}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-vscode-in-pure-modules',
      comment: 'Pure modules run in plain Node (unit tests, the webview): only the adapters may import vscode.',
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
    layer('terminal-builds-on-connection', 'terminal', ['connection', 'bitbucket']),
    layer('mcp-builds-on-connection', 'mcp', ['connection', 'bitbucket']),
    layer('form-builds-on-connection', 'form', ['connection', 'bitbucket']),
    {
      name: 'terminal-does-not-reach-into-ui',
      comment: 'The terminal adapter takes what it needs from below, not from the other adapters.',
      severity: 'error',
      from: { path: '^src/terminal/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'each-bundle-is-loaded-by-the-one-before',
      comment: 'extension.ts loads windowState.ts just after activation, which loads features.ts on first use; nothing else imports them.',
      severity: 'error',
      from: { pathNot: '^src/extension\\.ts$' },
      to: { path: '^src/(extension|windowState)\\.ts$' },
    },
    {
      name: 'only-the-window-state-loads-features',
      severity: 'error',
      from: { pathNot: '^src/windowState\\.ts$' },
      to: { path: '^src/features\\.ts$' },
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
