// Lint for every source the repo owns: TypeScript with typescript-eslint's type-aware
// recommended rules (the webview's script with the DOM types), the plain JavaScript (scripts,
// bench, the consumer extension) with ESLint's recommended rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', 'test-results/**', '.vscode-test/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The bundles reach `vscode` by a plain require: for every `import * as vscode` module, esbuild
    // copies the whole API object as the bundle loads, which every window would pay.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='vscode'][importKind!='type'] > ImportNamespaceSpecifier",
          message: "Write `import vscode = require('vscode')`: esbuild copies the whole API object for each `import * as vscode`, at every activation.",
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'test/consumer-extension/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Test doubles implement Promise-returning interfaces with async bodies on purpose: a throw
    // inside becomes a rejection, as it would from the real store or client.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  { files: ['**/*.cjs', 'test/consumer-extension/**/*.js'], languageOptions: { sourceType: 'commonjs' } },
  {
    // The form's script runs in the webview: its own tsconfig gives it the DOM types.
    files: ['src/form/webview/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.webview.json', tsconfigRootDir: import.meta.dirname },
      globals: globals.browser,
    },
  },
);
