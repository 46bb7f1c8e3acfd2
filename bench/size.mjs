// Package size: the VSIX, the bundles (minified and gzipped), what they are made of, and the
// runtime dependencies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/**
 * Sizes of what `npm run package` produced (run it first): the VSIX, the bundle the extension
 * host loads at activation, the one it loads on first use, and
 * what they are made of (from the build's metafile).
 */
export async function measureSize(repoRoot, vsixPath) {
  const outDir = mkdtempSync(path.join(tmpdir(), 'nora-bench-size-'));
  try {
    const dist = path.join(repoRoot, 'dist');
    const initial = readFileSync(path.join(dist, 'extension.js'));
    const lazyBytes = readdirSync(dist)
      .filter((name) => name.endsWith('.js') && name !== 'extension.js')
      .reduce((total, name) => total + statSync(path.join(dist, name)).size, 0);
    const metafile = JSON.parse(readFileSync(path.join(repoRoot, 'out', 'esbuild-meta.json'), 'utf8'));
    const dependencies = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: repoRoot, encoding: 'utf8' }));
    return {
      zodClassicVsMini: await zodFlavours(outDir),
      vsixBytes: statSync(vsixPath).size,
      bundleBytes: initial.length,
      bundleGzipBytes: gzipSync(initial, { level: 9 }).length,
      lazyBundleBytes: lazyBytes,
      bundleByPackage: bytesByPackage(metafile),
      directRuntimeDependencies: Object.keys(dependencies.dependencies ?? {}).length,
      allRuntimeDependencies: countAll(dependencies.dependencies ?? {}),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The same object check bundled with classic zod and with zod/mini, minified. */
async function zodFlavours(outDir) {
  const sizes = {};
  const probes = {
    classic: "import { z } from 'zod'; export const user = z.object({ type: z.string(), name: z.string().nullable().optional() });",
    mini: "import * as z from 'zod/mini'; export const user = z.object({ type: z.string(), name: z.optional(z.nullable(z.string())) });",
  };
  for (const [flavour, contents] of Object.entries(probes)) {
    const result = await esbuild.build({
      stdin: { contents, resolveDir: path.dirname(fileURLToPath(import.meta.url)), loader: 'ts' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      minify: true,
      write: false,
      outdir: outDir,
      logLevel: 'error',
    });
    sizes[flavour] = result.outputFiles[0].contents.length;
  }
  return sizes;
}

function bytesByPackage(metafile) {
  const totals = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const owner = match ? match[1] : 'extension code';
      totals[owner] = (totals[owner] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]));
}

function countAll(tree, seen = new Set()) {
  for (const [name, node] of Object.entries(tree)) {
    seen.add(`${name}@${node.version}`);
    countAll(node.dependencies ?? {}, seen);
  }
  return seen.size;
}
