// The Connect form's script (dist/media/connect.js) shares the extension's message types and field
// list, but must import only the types from the zod schemas: the webview loads this file on every
// open of the form. Reads the metafile that esbuild.mjs writes (npm test builds first).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('the webview bundle', () => {
  const metafile = JSON.parse(readFileSync(path.join(repoRoot, 'out', 'esbuild-meta.json'), 'utf8')) as Metafile;
  const inputs = Object.keys(metafile.outputs['dist/media/connect.js']?.inputs ?? {});

  it('is the form script with the shared field list, and no library (zod above all)', () => {
    assert.ok(inputs.includes('src/form/webview/connectForm.ts'), 'no dist/media/connect.js in the metafile');
    assert.ok(inputs.includes('src/connection/connectFields.ts'), 'the field list is not shared with the extension');
    assert.deepEqual(inputs.filter((input) => input.includes('node_modules')), []);
  });

  it('stays small', () => {
    const bytes = statSync(path.join(repoRoot, 'dist', 'media', 'connect.js')).size;
    // Unminified (npm test builds without --production) it is about 7 KB; zod alone would add over 30 KB.
    assert.ok(bytes < 16_000, `dist/media/connect.js is ${bytes} bytes`);
  });
});
