// The Extensions view renders README.md from the installed package: every image and relative link
// it holds must point at a file the VSIX ships. `vsce ls` lists what `npm run package` would pack.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

describe('the README a user sees in VS Code', () => {
  it('has no image or relative link that the package leaves out', function () {
    this.timeout(60_000);
    const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
    const packed = new Set(execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean));
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target ?? '').filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'));
    assert.ok(targets.some((target) => target.endsWith('.png')), 'the README shows no screenshot');
    const missing = targets.map((target) => target.split('#')[0] ?? '').filter((file) => !packed.has(file));
    assert.deepEqual(missing, []);
  });
});
