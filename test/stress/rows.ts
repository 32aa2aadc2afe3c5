import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ROWS_FILE_ENV } from './table-reporter.js';

/** One line of the stress table: what a scenario sent, what came back, what went missing, how much memory it took. */
export interface StressRow {
  scenario: string;
  /** Requests sent; absent for a fuzzing file, whose cases fast-check counts. */
  requests?: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Requests (or events) that got no answer: connection errors, timeouts, resets. */
  lost: number;
  p99Ms?: number;
  /** The process under test and everything below it (a host's instances), sampled from /proc. */
  peakRssMb?: number;
  notes: string[];
  /** The test that measured it, whose pass or fail the table shows. */
  test?: string;
}

/** Adds the row to the table, before the test asserts anything, so a failing scenario still shows what it measured. */
export function recordRow(row: StressRow): void {
  const file = process.env[ROWS_FILE_ENV];
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...row, test: expect.getState().currentTestName })}\n`);
}
