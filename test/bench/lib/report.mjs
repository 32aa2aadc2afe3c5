// The one table of a run, as Markdown: printed, and written to BENCHMARKS.md at the repository root.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { ROUTES } from './load.mjs';
import { PINNING } from './processes.mjs';
import { SERVERS } from './servers.mjs';
import { judge } from './targets.mjs';
import { installed } from './versions.mjs';

const int = (value) => Math.round(value).toLocaleString('en-US');
const ms = (value) => (value === undefined ? '—' : `${value.toFixed(1)} ms`);
const mib = (value) => (value == null || Number.isNaN(value) ? '—' : `${value.toFixed(1)} MiB`);
const bytes = (value) => `${int(value)} B`;
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

function serverSection(r) {
  const koa = r.throughput.koa;
  const rows = SERVERS.map((server) => {
    const own = r.throughput[server.key];
    const perRoute = ROUTES.map((route) => `${int(own[route.key].requestsPerSecond)} (${(own[route.key].requestsPerSecond / koa[route.key].requestsPerSecond).toFixed(2)})`);
    const cold = r.coldStarts[server.key];
    return [server.name, ...perRoute, ms(cold.coldStartMs), mib(cold.rssMiB), `${(server.diskBytes() / 1e6).toFixed(1)} MB`];
  });
  const head = ['server', ...ROUTES.map((route) => `${route.label} req/s (× raw Koa)`), 'cold start, spawn → first 200', 'RSS after first 200', 'installed packages on disk'];
  const versions = SERVERS.map((server) => `- ${server.name}: ${server.versions()}. ${server.notes}.`).join('\n');
  const rounds = SERVERS.map((server) => `- ${server.name}: ${ROUTES.map((route) => `${route.label} ${r.throughput[server.key][route.key].rounds.join(' / ')}`).join('; ')}; cold starts ${r.coldStarts[server.key].samples.join(' / ')} ms`).join('\n');
  return `## Server mode\n\n${table(head, rows)}\n\nVersions, and how each app is run (sources in test/bench/peers/; each answers GET /hello?name=, GET /users/:id from an injected singleton service, and POST /users validated, 201 with the created user):\n${versions}\n\nEach round (req/s) and each cold start:\n${rounds}`;
}

function artifactSection(r) {
  const { floor } = r.artifacts;
  const rows = [['floor: `node -e "require(\'http\')"`', '—', '—', '—', '—', '—', '—', ms(floor.coldMs), mib(floor.peakRssMiB)]];
  for (const [build, label] of [['default', 'default build'], ['minify', '--minify']]) {
    for (const [key, name] of [['hello', 'hello (GET /hello)'], ['validated', 'validated (POST /users)']]) {
      const a = r.artifacts[build][key];
      rows.push([`${name}, ${label}`, bytes(a.bundleBytes), `${bytes(a.folderBytes)} / ${bytes(a.zipBytes)}`, ms(a.requireMs), ms(a.readyMs), ms(a.firstMs), ms(a.secondMs), `${ms(a.coldMs)} (floor + ${ms(a.coldMs - floor.coldMs)})`, mib(a.peakRssMiB)]);
    }
  }
  const head = ['artifact (aws, app-template)', 'bundle', 'on disk: folder / zip', 'require', 'ready()', 'first invocation', 'second', 'cold invocation, spawn → exit', 'peak RSS'];
  const builds = `Build time of the app-template (5 functions, aws): default ${ms(r.artifacts.default.buildMs)}, --minify ${ms(r.artifacts.minify.buildMs)}.`;
  return `## Function artifacts\n\nA fresh \`node\` per invocation requires the artifact, awaits \`ready()\`, then calls its handler with an API Gateway HTTP API (2.0) event from test/fixtures/events/aws/ (GET /hello?name=bench; POST /users with a valid JSON body) twice; the cold invocation is spawn → exit less the second call. Medians of ${r.settings.coldStarts} processes.\n\n${table(head, rows)}\n\n${builds}`;
}

function hostSection(r) {
  const { cold, warm, artifacts, throughput } = r.host;
  const coldRows = [['hello (GET /hello)', 'hello'], ['validated (POST /users)', 'validated']].map(([label, key]) => {
    const a = artifacts[key];
    return [label, ms(cold[key].coldMs), `${ms(a.requireMs + a.readyMs + a.firstMs)} (require ${ms(a.requireMs)}, ready ${ms(a.readyMs)}, first ${ms(a.firstMs)})`, cold[key].samples.join(' / ')];
  });
  const warmRows = [['in-process (the artifact\'s handler called directly)', warm.inProcess], ['wick host HTTP gateway', warm.gateway], ['wick host Invoke API', warm.invokeApi]].map(([label, l]) => [label, ms(l.p50Ms), ms(l.p99Ms), l === warm.inProcess ? '—' : `+${ms(l.p50Ms - warm.inProcess.p50Ms)}`]);
  const server = r.throughput.wick.hello.requestsPerSecond;
  return [
    '## wick host',
    `Build: \`wick build app-template --platform host --minify\`. Cold start: the host started with \`--idle-timeout 200ms\`, each request sent once the function has no instance and the host's runtime pool, where it has one, is not refilling (request → first response, instance spawn included), ${r.settings.coldStarts} samples, median.`,
    table(['function', 'cold start through the host', "the artifact's own require + ready + first (fresh process)", 'samples (ms)'], coldRows),
    `Warm invocation of the hello function, ${r.settings.requests} sequential requests on one keep-alive connection after 200 warm-up requests:`,
    table(['path', 'p50', 'p99', 'p50 over in-process'], warmRows),
    `Throughput on GET /hello through the host's gateway, the host and its instances on the server core as any server (${throughput.instances} instances at the end, \`--queue-size 10000\`, ${r.settings.connections} connections): ${int(throughput.requestsPerSecond)} req/s, ${(throughput.requestsPerSecond / server).toFixed(2)} × Wick server mode (${int(server)} req/s); rounds ${throughput.rounds.join(' / ')}.`,
  ].join('\n\n');
}

function growthSection(r) {
  if (!r.growth) return '## Growth\n\nNot run: `npm run bench -- --growth` adds these rows.';
  const rows = r.growth.map((g) => [int(g.functions), `${(g.buildMs / 1000).toFixed(1)} s`, ms(g.buildMs / g.functions), bytes(g.bundleBytes), ms(g.coldMs), ms(g.serverBootMs)]);
  return `## Growth\n\nGenerated apps of N functions (test/bench/growth/app.mjs: N controllers with one route each, one injected service), \`wick build --platform aws --minify\`:\n\n${table(['functions', 'build time', 'per function', 'bundle (median)', 'cold invocation (first, middle, last function: median)', 'whole-app server boot, spawn → first 200'], rows)}`;
}

function targetSection(r) {
  const rows = judge(r).map((t) => [t.target, t.measured, t.verdict === 'met' ? '**met**' : t.verdict === 'missed' ? '**missed**' : t.verdict]);
  return `## Targets (issue 12)\n\nComputed by the bench from the numbers above.\n\n${table(['target', 'measured', 'verdict'], rows)}`;
}

export function render(r) {
  const s = r.settings;
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const header = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (test/bench/run.mjs); do not edit by hand, run it again.',
    ...(r.note ? ['', r.note] : []),
    '',
    `- Date: ${r.date}`,
    `- Node ${process.version} on ${process.platform}, ${cpus().length} cores (${cpu})`,
    `- ${PINNING}`,
    `- Load: autocannon ${installed('autocannon')} CLI in its own process, ${s.connections} connections, ${s.warmupSeconds} s warm-up per route and server, then ${s.rounds} round(s) of ${s.seconds} s, rounds interleaved across servers; the median round is reported`,
    `- Ceiling of the load generator: node:http with no framework answers GET /hello at ${int(r.ceiling.requestsPerSecond)} req/s (rounds ${r.ceiling.rounds.join(' / ')}); a row near it is limited by the load generator`,
    `- Run time: ${(r.durationMs / 60_000).toFixed(1)} min${r.growthMs ? `, then ${(r.growthMs / 60_000).toFixed(1)} min for the growth rows` : ''}`,
  ].join('\n');
  const reproduce = [
    '## Reproduce',
    '',
    '```sh',
    'npm ci && npm run bench            # installs test/bench (the peers) itself, builds, runs, writes BENCHMARKS.md',
    'npm run bench -- --growth          # adds the growth rows (10 / 100 / 1,000 generated functions)',
    'BENCH_SECONDS=2 BENCH_ROUNDS=1 npm run bench   # a short smoke run',
    '```',
    '',
    `Settings of this run: BENCH_SECONDS=${s.seconds} BENCH_ROUNDS=${s.rounds} BENCH_WARMUP_SECONDS=${s.warmupSeconds} BENCH_CONNECTIONS=${s.connections} BENCH_COLD_STARTS=${s.coldStarts} BENCH_REQUESTS=${s.requests}. Peers: test/bench/peers/ (the same three endpoints in each), versions pinned in test/bench/package-lock.json.`,
  ].join('\n');
  // The before/after record of each fix is kept by hand and carried into every report.
  const history = readFileSync(new URL('../history.md', import.meta.url), 'utf8').trim();
  return [header, targetSection(r), serverSection(r), artifactSection(r), hostSection(r), growthSection(r), reproduce, history].join('\n\n') + '\n';
}
