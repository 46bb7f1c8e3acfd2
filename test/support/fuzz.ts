/** Runs per property test; the README quotes the total. */
export const fuzzRuns = 2000;
