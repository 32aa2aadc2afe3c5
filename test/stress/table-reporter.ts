import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { type StressRow } from './rows.js';

/** The environment variable naming the file the stress tests append their rows to (set by test/stress/vitest.config.ts). */
export const ROWS_FILE_ENV = 'WICK_STRESS_ROWS';

const COLUMNS = ['scenario', 'result', 'requests', 'answers by status', 'lost', 'p99 ms', 'peak RSS MB', 'notes'];

function cells(row: StressRow, result: string): string[] {
  const statuses = Object.entries(row.statuses).map(([status, count]) => `${status}: ${count}`).join(', ') || '-';
  return [row.scenario, result, String(row.requests ?? '-'), statuses, String(row.lost), String(row.p99Ms ?? '-'), String(row.peakRssMb ?? '-'), row.notes.join('; ')];
}

function markdownTable(lines: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [COLUMNS, COLUMNS.map(() => '---'), ...lines].map((line) => `| ${line.map(escape).join(' | ')} |`).join('\n');
}

/**
 * npm run test:stress's one table: a row per load and shutdown scenario (what the stress tests recorded with
 * recordRow) and per fuzzing file (its property tests, run longer), each with its test's result. Printed at the end
 * and written to `reportFile`.
 */
export class StressTableReporter implements Reporter {
  constructor(
    private readonly rowsFile: string,
    private readonly reportFile: string,
    private readonly header: string,
    private readonly root: string,
  ) {}

  onInit(): void {
    rmSync(this.rowsFile, { force: true });
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = existsSync(this.rowsFile) ? readFileSync(this.rowsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StressRow) : [];
    const recorded = new Set(rows.map((row) => row.test));
    const results = new Map<string, string>();
    const unmeasured: string[][] = [];
    const fuzzLines: string[][] = [];
    for (const module of testModules) {
      const tests = [...module.children.allTests()];
      for (const test of tests) results.set(test.fullName, test.result().state);
      const file = relative(this.root, module.moduleId);
      if (file.startsWith('test/stress/')) {
        // A scenario that failed before it measured anything (or whose set-up failed) still gets its line, with why.
        const failures = [
          ...[...module.children.allSuites()].map((suite) => ({ name: suite.fullName, errors: suite.errors() })),
          ...tests.map((test) => ({ name: test.fullName, errors: test.result().errors ?? [] })),
        ];
        for (const { name, errors } of failures) {
          if (errors.length && !recorded.has(name)) unmeasured.push(cells({ scenario: name, statuses: {}, lost: 0, notes: [errors[0].message.split('\n')[0]] }, 'failed'));
        }
        continue;
      }
      const failed = tests.filter((test) => test.result().state === 'failed').length;
      const passed = tests.filter((test) => test.result().state === 'passed').length;
      const fuzzRow: StressRow = { scenario: `fuzz ${file}`, statuses: {}, lost: 0, notes: [`${tests.length} tests: ${passed} passed, ${failed} failed`] };
      fuzzLines.push(cells(fuzzRow, failed || module.state() === 'failed' ? 'failed' : 'passed'));
    }
    const scenarioLines = rows.map((row) => cells(row, results.get(row.test ?? '') ?? 'unknown'));
    const table = `${this.header}\n\n${markdownTable([...scenarioLines, ...unmeasured, ...fuzzLines])}\n`;
    writeFileSync(this.reportFile, table);
    rmSync(this.rowsFile, { force: true });
    process.stdout.write(`\n${table}\n(written to ${this.reportFile})\n`);
  }
}
