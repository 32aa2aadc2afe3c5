// Growth rows: generated apps of N HTTP functions (one shared injected service), built with
// `wick build --platform aws --minify`: build time, per-function bundle and cold invocation, whole-app server boot.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as buildApp, coldInvocations } from './artifacts.mjs';
import { freePort } from './http.mjs';
import { mustRun, stop, whenInterrupted } from './processes.mjs';
import { serve } from './servers.mjs';
import { median } from './stats.mjs';
import { BENCH, ROOT } from './versions.mjs';

const CLI = join(ROOT, 'dist/src/cli/main.js');
export const GROWTH_SIZES = (process.env.BENCH_GROWTH_SIZES ?? '10,100,1000').split(',').map(Number);

const SERVICE = `import { Provide, Scope, ScopeEnum } from 'wick';

@Provide()
@Scope(ScopeEnum.Singleton)
export class CounterService {
  private calls = 0;

  next(): number {
    return ++this.calls;
  }
}
`;

const functionSource = (i) => `import { Provide, ServerlessFunction, ServerlessTrigger, ServerlessTriggerType } from 'wick';
import { CounterService } from '../service/counter.js';

@Provide()
export class Fn${i}Function {
  constructor(private readonly counter: CounterService) {}

  @ServerlessFunction({ functionName: 'fn${i}' })
  @ServerlessTrigger(ServerlessTriggerType.HTTP, { path: '/fn${i}', method: 'get' })
  handle() {
    return { fn: ${i}, calls: this.counter.next() };
  }
}
`;

/** A generated app under test/bench/.build/ (so `wick` resolves from the repository's node_modules). */
function generate(functions) {
  const dir = join(BENCH, '.build', `growth-${functions}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src/function'), { recursive: true });
  mkdirSync(join(dir, 'src/service'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `growth-${functions}`, private: true, type: 'module' }, null, 2) + '\n');
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(ROOT, 'app-template/tsconfig.json')));
  writeFileSync(join(dir, 'src/service/counter.ts'), SERVICE);
  for (let i = 0; i < functions; i++) writeFileSync(join(dir, `src/function/fn${i}.ts`), functionSource(i));
  return dir;
}

/** The whole app as one server: spawn → first 200 on the first function's route. */
async function serverBoot(dir) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, WICK_ENV: 'prod' };
  const { child, coldStartMs } = await serve([CLI, 'start', dir, '--port', String(port)], { env, port, path: '/fn0', timeoutMs: 120_000 });
  await stop(child);
  return coldStartMs;
}

export async function growth(work, settings) {
  const rows = [];
  for (const functions of GROWTH_SIZES) {
    const dir = generate(functions);
    whenInterrupted(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(work, `growth-${functions}`);
    try {
      const built = await buildApp('aws', ['--minify'], out, dir);
      const bundles = readdirSync(join(out, 'functions')).map((name) => statSync(join(out, 'functions', name, 'index.js')).size);
      const first = { key: 'fn0', name: 'fn0', route: { method: 'GET', path: '/fn0' } };
      const cold = await coldInvocations(out, first, settings.coldStarts);
      await mustRun(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')]); // wick start serves dist/
      const boots = [];
      for (let i = 0; i < settings.coldStarts; i++) boots.push(await serverBoot(dir));
      rows.push({ functions, buildMs: built.ms, bundleBytes: median(bundles), coldMs: cold.coldMs, serverBootMs: median(boots) });
      console.log(`  ${functions} functions: built in ${(built.ms / 1000).toFixed(1)} s`);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
