// `npm run bench`: prints one table and writes bench/results.json. A benchmark, not a test: it
// never fails on a figure. `--quick` runs few iterations so `npm test` keeps it from rotting.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInHost } from './inHost.mjs';
import { measureOverhead } from './overhead.mjs';
import { measureRequire } from './requireTime.mjs';
import { measureSize } from './size.mjs';
import { round } from './stats.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const iterations = quick ? { require: 3, requests: 20, windowLoads: 1, formOpens: 1 } : { require: 15, requests: 300, windowLoads: 5, formOpens: 5 };

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}`;
const size = await measureSize(repoRoot);
const load = measureRequire(repoRoot, iterations.require);
const overhead = await measureOverhead(repoRoot, iterations.requests);
const host = await measureInHost(repoRoot, iterations);

const kb = (bytes) => `${round(bytes / 1024, 1)} KB`;
const rows = [
  ['VSIX', kb(size.vsixBytes), '≤ 150 KB'],
  ['dist/extension.js, minified', kb(size.bundleBytes), '≤ 120 KB'],
  ['dist/extension.js, gzipped', kb(size.bundleGzipBytes), ''],
  ['an object schema with zod / with zod/mini (we ship mini)', `${kb(size.zodClassicVsMini.classic)} / ${kb(size.zodClassicVsMini.mini)}`, ''],
  ['runtime dependencies, direct (all)', `${size.directRuntimeDependencies} (${size.allRuntimeDependencies})`, '≤ 2 direct'],
  [`require(dist/extension.js), median of ${load.runs}`, `${round(load.requireMs)} ms`, ''],
  [`Test: extension, median of ${overhead.requests}`, `${round(overhead.extensionMedianMs, 3)} ms`, ''],
  [`Test: bare node-fetch, median of ${overhead.requests}`, `${round(overhead.bareFetchMedianMs, 3)} ms`, ''],
  ['Test overhead ratio', `${round(overhead.ratio)}×`, '≤ 1.2×'],
  [`activate() in code-server, median of ${host.activationSamples} window loads`, `${round(host.activationMs)} ms`, ''],
  ['requests to Bitbucket during activation', String(host.requestsDuringActivation), '0'],
  [`"Connect Bitbucket" to an interactive form, median of ${host.formOpens}`, `${round(host.formOpenMs, 0)} ms`, ''],
];
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), 6));
const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nNora: Bitbucket benchmark${quick ? ' (quick mode: few iterations)' : ''} on ${machine}\n`);
console.log(line(['figure', 'value', 'goal']));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));
console.log('\nBundle by package:', Object.entries(size.bundleByPackage).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', '));

mkdirSync(path.join(repoRoot, 'bench'), { recursive: true });
const results = { date: new Date().toISOString(), machine, quick, size, load, overhead, host };
writeFileSync(path.join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
