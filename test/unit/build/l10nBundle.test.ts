// Every user-facing string must reach translators: a fresh export of src (scripts/l10n.mjs,
// which runs @vscode/l10n-dev's analyzer) must equal the committed l10n/bundle.l10n.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

const readBundle = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;

describe('the translation bundle', () => {
  it('holds exactly the strings in src (run `npm run l10n` after changing one)', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nora-l10n-'));
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'l10n.mjs'), '--out', dir], { cwd: repoRoot, stdio: 'pipe' });
      const fresh = readBundle(dir);
      const committed = readBundle(path.join(repoRoot, 'l10n'));
      assert.deepEqual(
        { notInBundle: Object.keys(fresh).filter((key) => !(key in committed)), noLongerInSrc: Object.keys(committed).filter((key) => !(key in fresh)) },
        { notInBundle: [], noLongerInSrc: [] },
      );
      assert.deepEqual(fresh, committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
