// The request figures (Test, the agent tool, Data Center), as a child process: bench.mjs runs it
// on the Node the extension host runs on. Prints them as JSON on stdout.
import { measureDataCenterOverhead } from './dataCenterOverhead.mjs';
import { measureOverhead } from './overhead.mjs';
import { measureToolOverhead } from './toolOverhead.mjs';

const [repoRoot, samples, roundCount] = process.argv.slice(2);
const [requests, rounds] = [Number(samples), Number(roundCount)];
const figures = {
  overhead: await measureOverhead(repoRoot, requests, rounds),
  toolOverhead: await measureToolOverhead(repoRoot, requests, rounds),
  dataCenter: await measureDataCenterOverhead(repoRoot, requests, rounds),
};
process.stdout.write(JSON.stringify(figures));
