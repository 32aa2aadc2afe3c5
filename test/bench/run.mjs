// npm run bench: Wick against its peers in one run, and its function artifacts against a bare `node`.
// Installs the peers (test/bench/package.json), compiles them and the app-template, measures, prints one report and
// writes it to BENCHMARKS.md. Needs `npm run build` first (the bench script does it). Every process it starts is
// ended, on Ctrl-C too. Settings: BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS,
// BENCH_COLD_STARTS, BENCH_REQUESTS; --growth adds the generated-app rows (sizes: BENCH_GROWTH_SIZES, default
// 10,100,1000); --note "<text>" heads the report.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, coldInvocations, floor, FUNCTIONS } from './lib/artifacts.mjs';
import { growth } from './lib/growth.mjs';
import { hostColdStarts, hostThroughput, hostWarmLatency } from './lib/host.mjs';
import { mustRun, stopAll, whenInterrupted } from './lib/processes.mjs';
import { render } from './lib/report.mjs';
import { coldStarts, loadCeiling, throughput } from './lib/servers.mjs';
import { BENCH, ROOT } from './lib/versions.mjs';

const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const settings = {
  seconds: setting('BENCH_SECONDS', 8),
  rounds: setting('BENCH_ROUNDS', 3),
  warmupSeconds: setting('BENCH_WARMUP_SECONDS', 2),
  connections: setting('BENCH_CONNECTIONS', 50),
  coldStarts: setting('BENCH_COLD_STARTS', 5),
  requests: setting('BENCH_REQUESTS', 2000),
};
const noteAt = process.argv.indexOf('--note');
const note = noteAt > 0 ? process.argv[noteAt + 1] : undefined;
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

/** The peers' install, when test/bench/node_modules is missing or older than its lock file. */
async function install() {
  const installedLock = join(BENCH, 'node_modules/.package-lock.json');
  if (existsSync(installedLock) && statSync(installedLock).mtimeMs >= statSync(join(BENCH, 'package-lock.json')).mtimeMs) return;
  console.log('installing the peers (npm ci in test/bench)');
  await mustRun('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, env: process.env });
}

function step(title) {
  console.log(`\n${title} (${new Date().toISOString().slice(11, 19)})`);
}

async function main() {
  const startedAt = Date.now();
  const results = { date: new Date().toISOString(), settings, note };
  await install();
  step('compiling the peers and the app-template');
  await mustRun(process.execPath, [tsc, '-p', join(BENCH, 'peers/tsconfig.json')]);
  await mustRun(process.execPath, [tsc, '-p', join(ROOT, 'app-template/tsconfig.json')]);
  const work = mkdtempSync(join(tmpdir(), 'wick-bench-'));
  whenInterrupted(() => rmSync(work, { recursive: true, force: true }));
  try {
    step('server cold starts');
    results.coldStarts = await coldStarts(settings.coldStarts);
    step('server throughput');
    results.throughput = await throughput(settings);
    results.ceiling = await loadCeiling(settings);

    step('function artifacts');
    results.artifacts = { floor: await floor(settings.coldStarts) };
    for (const [key, flags] of [['default', []], ['minify', ['--minify']]]) {
      const built = await build('aws', flags, join(work, `aws-${key}`));
      results.artifacts[key] = { buildMs: built.ms };
      for (const fn of FUNCTIONS) results.artifacts[key][fn.key] = await coldInvocations(built.out, fn, settings.coldStarts);
    }

    step('wick host');
    const hostBuild = await build('host', ['--minify'], join(work, 'host'));
    results.host = { artifacts: {} };
    for (const fn of FUNCTIONS) results.host.artifacts[fn.key] = await coldInvocations(hostBuild.out, fn, settings.coldStarts);
    results.host.cold = await hostColdStarts(hostBuild.out, FUNCTIONS, settings.coldStarts);
    results.host.warm = await hostWarmLatency(hostBuild.out, FUNCTIONS[0], settings.requests);
    results.host.throughput = await hostThroughput(hostBuild.out, FUNCTIONS[0], settings);

    results.durationMs = Date.now() - startedAt;
    // written before the growth rows too, so a long growth run that is stopped still leaves the main report
    const withGrowth = process.argv.includes('--growth');
    write(results, !withGrowth);
    if (withGrowth) {
      step('growth');
      const growthStarted = Date.now();
      results.growth = await growth(settings);
      results.growthMs = Date.now() - growthStarted;
      write(results, true);
    }
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

function write(results, print) {
  const report = render(results);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
  mkdirSync(join(BENCH, 'results'), { recursive: true });
  writeFileSync(join(BENCH, 'results/latest.json'), JSON.stringify(results, null, 2) + '\n');
  if (print) console.log(`\n${report}`);
  console.log('written: BENCHMARKS.md, test/bench/results/latest.json');
}

main().catch(async (error) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
