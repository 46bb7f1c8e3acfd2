// `npm run bench`: packages the extension as `npm run package` does, measures it beside a
// hello-world baseline in the same run, prints one table and writes bench/results.json. A
// benchmark, not a test: it never fails on a figure. `--quick` runs few iterations so `npm test`
// keeps it from rotting.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureActivation } from './activation.mjs';
import { buildBaseline } from './baseline/build.mjs';
import { builtModules } from './built.mjs';
import { measureInHost } from './inHost.mjs';
import { measureSize } from './size.mjs';
import { round } from './stats.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const iterations = quick
  ? { activation: 3, requests: 20, requestRounds: 1, windowLoads: 1, formOpens: 1, gitRuns: 2 }
  : { activation: 31, requests: 300, requestRounds: 5, windowLoads: 5, formOpens: 7, gitRuns: 15 };

// The extension's own code is measured on the Node an extension host runs: the tests' Node 24,
// as code-server and current VS Code run it (1.101, the oldest we support, runs Node 22). Not on
// the Node 20 that may run this script: no extension host of ours uses it, and its AbortSignal
// alone costs a tool call about three times what it costs there (docs/development.md).
const { tools } = builtModules(repoRoot)('test/e2e/support/tools.js');
const hostNode = execFileSync(tools.node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, the extension's code on Node ${hostNode}`;
execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsixPath = path.join(repoRoot, `nora-bitbucket-${version}.vsix`);
const outDir = mkdtempSync(path.join(os.tmpdir(), 'nora-bench-'));
let results;
try {
  const baseline = await buildBaseline(outDir);
  const size = await measureSize(repoRoot, vsixPath);
  const activation = measureActivation(repoRoot, baseline, iterations.activation, tools.node);
  const requests = execFileSync(tools.node, [path.join(repoRoot, 'bench', 'requests.mjs'), repoRoot, String(iterations.requests), String(iterations.requestRounds)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { overhead, toolOverhead, dataCenter } = JSON.parse(requests);
  const host = await measureInHost(repoRoot, { vsixPath, baselineFolder: baseline.folder, ...iterations });
  results = { date: new Date().toISOString(), machine, quick, size, activation, overhead, toolOverhead, dataCenter, host };
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

const { size, activation, overhead, toolOverhead, dataCenter, host } = results;
const samplesText = (figure) => (figure.rounds > 1 ? `${figure.requests} in ${figure.rounds} rounds` : String(figure.requests));
// The rounds' spread beside the figure: how far one round alone could have put it.
const ratioText = (figure) =>
  figure.rounds > 1
    ? `${round(figure.ratio)}× (median of ${figure.rounds} rounds, ${round(Math.min(...figure.roundRatios))}–${round(Math.max(...figure.roundRatios))})`
    : `${round(figure.ratio)}×`;
const kb = (bytes) => `${round(bytes / 1024, 1)} KB`;
const ms = (value, digits = 2) => `${round(value, digits)} ms`;
const rows = [
  ['VSIX (from npm run package)', kb(size.vsixBytes), '≤ 300 KB'],
  ['dist/extension.js, loaded at activation, minified', kb(size.bundleBytes), ''],
  ['dist/extension.js, gzipped', kb(size.bundleGzipBytes), ''],
  ['dist/features.js, loaded on first use, minified', kb(size.lazyBundleBytes), ''],
  ['an object schema with zod / with zod/mini (we ship mini)', `${kb(size.zodClassicVsMini.classic)} / ${kb(size.zodClassicVsMini.mini)}`, ''],
  ['runtime dependencies, direct (all)', `${size.directRuntimeDependencies} (${size.allRuntimeDependencies})`, '≤ 2 direct'],
  [`CPU per window, first 300 ms (require, activate() and what it scheduled), median of ${activation.runs}`, ms(activation.extensionCpuMs), ''],
  ['the hello-world baseline, same way', ms(activation.baselineCpuMs), ''],
  ['per-window CPU ratio', `${round(activation.ratio)}×`, '≤ 2.5×'],
  [`Test (status bar click), median of ${samplesText(overhead)}`, ms(overhead.extensionMedianMs, 3), ''],
  [`the same ${overhead.requestsPerTest} requests with bare node-fetch`, ms(overhead.bareFetchMedianMs, 3), ''],
  ['Test overhead ratio', ratioText(overhead), '≤ 1.2×'],
  [`bitbucket_get_pull_request (agent tool), median of ${samplesText(toolOverhead)}`, ms(toolOverhead.extensionMedianMs, 3), ''],
  ["the same 3 requests (the diffstat's 302 followed as the client does) with bare node-fetch", ms(toolOverhead.bareFetchMedianMs, 3), ''],
  ['tool overhead ratio', ratioText(toolOverhead), '≤ 1.2×'],
  [`Data Center Connect, median of ${samplesText(dataCenter.connect)}`, ms(dataCenter.connect.extensionMedianMs, 3), ''],
  [`Data Center Test, median of ${samplesText(dataCenter.test)}`, ms(dataCenter.test.extensionMedianMs, 3), ''],
  [`the same ${dataCenter.requestsPerCall} requests with bare node-fetch (beside Connect / Test)`, `${ms(dataCenter.connect.bareFetchMedianMs, 3)} / ${ms(dataCenter.test.bareFetchMedianMs, 3)}`, ''],
  ['Data Center Connect / Test overhead ratio', `${ratioText(dataCenter.connect)} / ${ratioText(dataCenter.test)}`, '≤ 1.2×'],
  [`activate() in code-server, median of ${host.activationSamples} window loads`, ms(host.activationMs, 0), ''],
  ['requests to Bitbucket during those loads, connection stored', String(host.requestsDuringActivation), '0'],
  [`"Connect Bitbucket" to a form with its state, median of ${host.formOpens}`, ms(host.formOpenMs, 0), ''],
  ['a minimal webview panel to its state, same way', ms(host.baselinePanelOpenMs, 0), ''],
  ['form open ratio', `${round(host.formOpenRatio)}×`, '≤ 1.3×'],
  [`git ls-remote answered by VS Code's askpass (our provider), median of ${host.gitSamples}`, ms(host.gitAskpassMs, 0), ''],
  ["the same answered by the agent terminal's env helper, alternating", ms(host.gitHelperMs, 0), ''],
  ['askpass ratio', `${round(host.gitAskpassRatio)}×`, ''],
];
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), 6));
const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nNora: Bitbucket benchmark${quick ? ' (quick mode: few iterations)' : ''} on ${machine}\n`);
console.log(line(['figure', 'value', 'goal']));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));
console.log('\nBundles by package:', Object.entries(size.bundleByPackage).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', '));

mkdirSync(path.join(repoRoot, 'bench'), { recursive: true });
writeFileSync(path.join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
