// Activation loads dist/extension.js in every window: it must stay free of zod, node-fetch and
// anything else from node_modules, which belong in dist/features.js, loaded on first use. Reads
// the metafile that esbuild.mjs writes (npm test builds first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('the activation bundle', () => {
  const metafile = JSON.parse(readFileSync(path.join(repoRoot, 'out', 'esbuild-meta.json'), 'utf8')) as Metafile;

  it('holds only our own code; the libraries are in the bundle loaded on first use', () => {
    const activation = Object.keys(metafile.outputs['dist/extension.js']?.inputs ?? {});
    assert.ok(activation.includes('src/extension.ts'), 'no dist/extension.js in the metafile');
    assert.deepEqual(activation.filter((input) => input.includes('node_modules')), []);
    const onFirstUse = Object.keys(metafile.outputs['dist/features.js']?.inputs ?? {});
    assert.ok(onFirstUse.some((input) => input.includes('node_modules/zod')), 'zod is in neither bundle');
  });
});
