/** Small statistics helpers for the benchmark. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Medians of `ours` and `bare` run alternately A B A B, after 20 warm-up pairs run side by side,
 * so the machine's noise falls on both alike.
 */
export async function alternate(ours, bare, samples) {
  for (let i = 0; i < 20; i++) await Promise.all([ours(), bare()]);
  const oursMs = [];
  const bareMs = [];
  for (let i = 0; i < samples; i++) {
    oursMs.push(await timed(ours));
    bareMs.push(await timed(bare));
  }
  const extension = median(oursMs);
  const baseline = median(bareMs);
  return { requests: samples, extensionMedianMs: extension, bareFetchMedianMs: baseline, ratio: extension / baseline };
}

async function timed(run) {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
