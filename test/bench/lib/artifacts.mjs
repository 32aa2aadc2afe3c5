// Function artifacts: the app-template built per function, each called in a fresh process with a real platform
// event (probe.cjs), against the floor: a `node` that requires http and exits.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderBytes } from './disk.mjs';
import { apiGatewayV2Event } from './events.mjs';
import { ROUTES } from './load.mjs';
import { mustRun, SERVER_CORE } from './processes.mjs';
import { median } from './stats.mjs';
import { BENCH, ROOT } from './versions.mjs';

const CLI = join(ROOT, 'dist/src/cli/main.js');
const PROBE = join(BENCH, 'probe.cjs');
const MARKER = '@@BENCH@@';

/** The two artifacts the rows measure: the hello function, and the users function called with a validated body. */
export const FUNCTIONS = [
  { key: 'hello', name: 'helloController', route: ROUTES.find((route) => route.key === 'hello') },
  { key: 'validated', name: 'userController', route: ROUTES.find((route) => route.key === 'create') },
];

const fromMarker = (stdout) => JSON.parse(stdout.slice(stdout.lastIndexOf(MARKER) + MARKER.length));

/** `wick build` of an app (the app-template unless named) for a platform, timed; flags as a user passes them. */
export async function build(platform, flags, out, app = join(ROOT, 'app-template')) {
  // bounded, with room for the 1,000-function growth app (0.35 s a function when the issue was filed)
  const { ms } = await mustRun(process.execPath, [CLI, 'build', app, '--platform', platform, ...flags, '--out', out], { env: { ...process.env, WICK_ENV: 'prod' }, timeoutMs: 30 * 60_000 });
  return { out, ms, flags };
}

/** What one built function needs on disk: its bundle, its folder, its zip; and whether a source map is beside it. */
export function onDisk(out, fn) {
  const dir = join(out, 'functions', fn.name);
  return {
    bundleBytes: statSync(join(dir, 'index.js')).size,
    folderBytes: folderBytes(dir),
    zipBytes: statSync(join(out, 'artifacts', `${fn.name}.zip`)).size,
    sourceMap: existsSync(join(dir, 'index.js.map')),
  };
}

/** Writes a function's platform event beside the build, for the probe to read. */
export function eventFile(out, fn) {
  const file = join(out, `${fn.key}-event.json`);
  writeFileSync(file, JSON.stringify(apiGatewayV2Event(fn.route)));
  return file;
}

/** The probe in a fresh process on the server core; warm > 0 adds that many timed warm invocations. */
export async function probe(out, fn, warm = 0) {
  const dir = join(out, 'functions', fn.name);
  const { stdout, ms } = await mustRun(process.execPath, [PROBE, join(dir, 'index.js'), eventFile(out, fn), fn.name, String(warm)], { core: SERVER_CORE, cwd: dir, env: { PATH: process.env.PATH, WICK_ENV: 'prod' } });
  return { ...fromMarker(stdout), wallMs: ms };
}

/**
 * `count` cold invocations: spawn → require → ready → first invocation → exit, the second invocation (which the
 * probe also times) taken off the wall time. Medians of each part; peak RSS in MiB.
 */
export async function coldInvocations(out, fn, count) {
  const runs = [];
  for (let i = 0; i < count; i++) runs.push(await probe(out, fn));
  const m = (key) => median(runs.map((run) => run[key]));
  return { coldMs: median(runs.map((run) => run.wallMs - run.secondMs)), requireMs: m('requireMs'), readyMs: m('readyMs'), firstMs: m('firstMs'), secondMs: m('secondMs'), peakRssMiB: m('maxRssKiB') / 1024, ...onDisk(out, fn) };
}

/** The floor: `node` requiring http and exiting, spawn → exit, with its peak RSS. */
export async function floor(count) {
  const script = `require('http'); process.stdout.write('${MARKER}' + JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }))`;
  const runs = [];
  for (let i = 0; i < count; i++) {
    const { stdout, ms } = await mustRun(process.execPath, ['-e', script], { core: SERVER_CORE, env: { PATH: process.env.PATH } });
    runs.push({ ms, ...fromMarker(stdout) });
  }
  return { coldMs: median(runs.map((run) => run.ms)), peakRssMiB: median(runs.map((run) => run.maxRssKiB)) / 1024 };
}
