/**
 * How many cases each property-based test tries: a bounded number in `npm test`, more under `npm run test:stress`,
 * which sets WICK_FUZZ_RUNS. A property test passes `fuzzRuns(n)` as fast-check's `numRuns`.
 */
export function fuzzRuns(bounded: number): number {
  const asked = Number(process.env.WICK_FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? Math.max(asked, bounded) : bounded;
}
