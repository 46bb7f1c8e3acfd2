// `npm run l10n`: writes l10n/bundle.l10n.json, every user-facing string in src, with
// @vscode/l10n-dev's own analyzer (what `l10n-dev export` runs). `--out <dir>` writes elsewhere
// (the unit test compares a fresh export with the committed bundle).
//
// The analyzer finds `l10n.t('…', …)` only where `l10n` comes from `vscode` or `@vscode/l10n`.
// Adapters call `vscode.l10n.t` and are read as they are. Pure modules cannot import either
// (no `vscode` outside the adapters, no library in the activation bundle), so they call
// `userMessage('…', …)`, and the page builder calls the `t` it is given; some adapters call
// `l10n.t` on the `vscode` they are given (`ui.l10n.t`); both take the message
// and its `{0}` arguments exactly as `l10n.t` does, and the adapters pass them to
// `vscode.l10n.t`. The analyzer is shown those calls written as `l10n.t`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex === -1 ? path.join(repoRoot, 'l10n') : path.resolve(process.argv[outIndex + 1]);

/**
 * `userMessage(` and a bare `t(` (not `x.t(` nor `xt(`), the calls that stand for `l10n.t(`; and
 * `ui.l10n.t(` and the like, the adapters' injected `vscode` (src/vscodeUi.ts).
 */
const standsForL10nT = /(?<![\w$.])(?:userMessage|t|(?:[\w$]+\.)+l10n\.t)\(/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

const files = sourceFiles(path.join(repoRoot, 'src')).map((file) => ({
  extension: path.extname(file),
  contents: `import { l10n } from 'vscode';\n${readFileSync(file, 'utf8').replace(standsForL10nT, 'l10n.t(')}`,
}));
const bundle = await getL10nJson(files);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`${Object.keys(bundle).length} strings → ${path.relative(repoRoot, path.join(outDir, 'bundle.l10n.json'))}`);
