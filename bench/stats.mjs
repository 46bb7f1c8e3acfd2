/** Small statistics helpers for the benchmark. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * `ours` against `bare` in `rounds` rounds of `samples` pairs, after 20 warm-up pairs run side by
 * side. Within a pair, which runs first alternates (A B, B A), so neither always finds the other's
 * leftovers (a socket to reuse, garbage to collect); each round's ratio is of its medians. The
 * figure is the median of the rounds' ratios: a machine's noise moves one round, not the figure.
 */
export async function alternate(ours, bare, samples, rounds = 1) {
  for (let i = 0; i < 20; i++) await Promise.all([ours(), bare()]);
  const oursMs = [];
  const bareMs = [];
  const roundRatios = [];
  for (let r = 0; r < rounds; r++) {
    const roundOurs = [];
    const roundBare = [];
    for (let i = 0; i < samples; i++) {
      if (i % 2 === 0) {
        roundOurs.push(await timed(ours));
        roundBare.push(await timed(bare));
      } else {
        roundBare.push(await timed(bare));
        roundOurs.push(await timed(ours));
      }
    }
    roundRatios.push(median(roundOurs) / median(roundBare));
    oursMs.push(...roundOurs);
    bareMs.push(...roundBare);
  }
  return {
    requests: samples * rounds,
    rounds,
    extensionMedianMs: median(oursMs),
    bareFetchMedianMs: median(bareMs),
    ratio: median(roundRatios),
    roundRatios,
  };
}

async function timed(run) {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
