// Activation loads dist/extension.js in every window, and dist/windowState.js just after it: both
// must stay free of zod, node-fetch and anything else from node_modules, which belong in
// dist/features.js, loaded on first use. Reads the metafile that esbuild.mjs writes (npm test
// builds first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('the bundles loaded in every window', () => {
  const metafile = JSON.parse(readFileSync(path.join(repoRoot, 'out', 'esbuild-meta.json'), 'utf8')) as Metafile;
  const inputsOf = (bundle: string) => Object.keys(metafile.outputs[bundle]?.inputs ?? {});

  it('hold only our own code; the libraries are in the bundle loaded on first use', () => {
    for (const bundle of ['dist/extension.js', 'dist/windowState.js']) {
      assert.ok(inputsOf(bundle).length > 0, `no ${bundle} in the metafile`);
      assert.deepEqual(inputsOf(bundle).filter((input) => input.includes('node_modules')), [], bundle);
    }
    assert.ok(inputsOf('dist/features.js').some((input) => input.includes('node_modules/zod')), 'zod is in no bundle');
  });

  it('activation holds only the stored profile, the status bar item and the ids: the rest loads after it', () => {
    assert.deepEqual(inputsOf('dist/extension.js').filter((input) => input.startsWith('src/')).sort(), [
      'src/bitbucket/credentialType.ts',
      'src/bitbucket/serverText.ts',
      'src/commandIds.ts',
      'src/connection/profile.ts',
      'src/connection/tokenExpiry.ts',
      'src/extension.ts',
      'src/tools/languageModelTools.vscode.ts',
      'src/tools/toolNames.ts',
      'src/ui/statusBarItem.ts',
      'src/ui/storage.ts',
    ]);
  });

  it('the window state leaves the failure messages and the form to the bundle loaded on first use', () => {
    const windowState = inputsOf('dist/windowState.js');
    for (const firstUseOnly of ['src/connection/outcomeMessages.ts', 'src/form/connectPage.ts', 'src/bitbucket/client.ts']) {
      assert.ok(!windowState.includes(firstUseOnly), `${firstUseOnly} is in dist/windowState.js`);
    }
  });
});
