// Packages the extension (`npm run package`) into <repo>/nora-bitbucket-<version>.vsix.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

/** The VSIX path; packages first unless NORA_E2E_VSIX names an existing one (to skip repackaging). */
export function packageExtension(): string {
  const given = process.env.NORA_E2E_VSIX;
  if (given) {
    const vsix = path.resolve(repoRoot, given);
    if (!existsSync(vsix)) throw new Error(`NORA_E2E_VSIX=${given} does not exist`);
    return vsix;
  }
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
  const vsix = path.join(repoRoot, `nora-bitbucket-${version}.vsix`);
  if (r.status !== 0 || !existsSync(vsix)) {
    throw new Error(`npm run package failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return vsix;
}
