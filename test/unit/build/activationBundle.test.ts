// Activation loads dist/extension.js in every window: it must stay free of zod, node-fetch and
// everything else from node_modules, and of the client, the form and agent terminals, which belong
// in dist/features.js, loaded on first use. Reads the metafile that esbuild.mjs writes (npm test
// builds first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('the two bundles: activation, and what loads on first use', () => {
  const metafile = JSON.parse(readFileSync(path.join(repoRoot, 'out', 'esbuild-meta.json'), 'utf8')) as Metafile;
  const inputsOf = (bundle: string) => Object.keys(metafile.outputs[bundle]?.inputs ?? {});

  it('are the only bundles of extension code', () => {
    assert.deepEqual(Object.keys(metafile.outputs).filter((output) => output.endsWith('.js') && !output.startsWith('dist/media/')).sort(), ['dist/extension.js', 'dist/features.js']);
  });

  it('activation holds only our own code; the libraries are in the bundle loaded on first use', () => {
    const activation = inputsOf('dist/extension.js');
    assert.ok(activation.length > 0, 'no dist/extension.js in the metafile');
    assert.deepEqual(activation.filter((input) => input.includes('node_modules')), []);
    for (const library of ['node_modules/zod', 'node_modules/node-fetch']) {
      assert.ok(inputsOf('dist/features.js').some((input) => input.includes(library)), `${library} is in no bundle`);
    }
  });

  it('activation leaves the client, the form and its notices, agent terminals, the MCP check, VS Code\'s Git answers and the tools\' code to first use', () => {
    const activation = inputsOf('dist/extension.js');
    const firstUseOnly = activation.filter((input) =>
      /^src\/(bitbucket\/client|connection\/connectionService|form\/connectPage|form\/connectPanel\.vscode|mcp\/mcpProbe|git\/gitHostAnswer|connection\/formNotices|features)\.ts$|^src\/terminal\//.test(input),
    );
    assert.deepEqual(firstUseOnly, []);
    // Loading it builds its Unicode property regexes (about 0.25 ms); activation shows no server text.
    assert.ok(!activation.includes('src/bitbucket/serverText.ts'), 'the server text helpers are in the activation bundle');
    // The tools are registered at activation by name alone.
    assert.deepEqual(activation.filter((input) => input.startsWith('src/tools/')).sort(), ['src/tools/languageModelTools.vscode.ts', 'src/tools/toolNames.ts']);
  });
});
