// The extension's "Nora Bitbucket" log channel as code-server writes it: one file per window load,
// under <user-data-dir>/logs/<session>/….
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The text of every "Nora Bitbucket" log file, oldest window load first. */
export function extensionLogs(userDataDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('Nora Bitbucket.log')) files.push(file);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs).map((file) => readFileSync(file, 'utf8'));
}
