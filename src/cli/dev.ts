import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch } from 'chokidar';
import { type DevReport, type DevStart } from './dev-server.js';
import { type ServeFlags } from './start.js';
import { compileApp } from '../build/typescript.js';

const SERVER = fileURLToPath(new URL('./dev-server.js', import.meta.url));

/** Editors save in bursts (a temporary file, a rename, a backup): one restart per burst. */
const DEBOUNCE_MS = 20;

/**
 * What tsc reads. Editors also write temporary, backup and swap files beside a source (`a.ts.tmp`, `a.ts~`,
 * `.a.ts.swp`), whose coming and going is no reason to restart.
 */
const COMPILED = /\.(?:[cm]?[jt]sx?|json)$/;

interface DevOptions extends ServeFlags {
  dir: string;
  /** Absent: the app's `koa.port`, else 7001. After the first start, every restart keeps the port. */
  port?: number;
  env: string;
}

interface ServerProcess {
  child: ChildProcess;
  exited: Promise<void>;
  /** The child's reports; each rejects if the child exits first. */
  booted: Promise<unknown>;
  ready: Promise<{ port: number; url: string }>;
}

function log(line: string): void {
  process.stderr.write(`[wick dev] ${line}\n`);
}

/** A dev-server child, its stdio the terminal's (so it sees a TTY), its stack traces mapped to the .ts sources. */
function spawnServer(env: string): ServerProcess {
  const child = fork(SERVER, [], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, '--enable-source-maps'],
    env: { ...process.env, WICK_ENV: env },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const reported = <T>(type: DevReport['type'], value: (report: DevReport) => T) => {
    const promise = new Promise<T>((resolveReport, reject) => {
      child.on('message', (report: DevReport) => report.type === type && resolveReport(value(report)));
      void exited.then(() => reject(new Error(`the server exited before it was ${type}`)));
    });
    // A spare may end unused: its reports are then nobody's concern.
    promise.catch(() => {});
    return promise;
  };
  return { child, exited, booted: reported('booted', () => undefined), ready: reported('ready', (report) => report as Extract<DevReport, { type: 'ready' }>) };
}

function stop(server: ServerProcess | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  return server.exited;
}

/**
 * `wick dev`: compile with tsc (which keeps decorator metadata) and serve in a child process; on every change
 * under src/ (or to tsconfig.json) recompile and restart. The last good server keeps answering until its
 * successor has booted, and a spare child with wick already loaded takes over, so a restart costs the compile
 * and the app's own boot.
 */
export async function dev({ dir, port, host, limits, env, retryDelayMs }: DevOptions): Promise<void> {
  const appDir = resolve(dir);
  let serving: ServerProcess | undefined;
  let spare = spawnServer(env);
  let listenPort = port;
  let stopping = false;

  /** `since`: when the change came, so the time printed is change → new server answering. */
  const restart = async (since: number) => {
    const compileStarted = performance.now();
    const compiled = compileApp(appDir);
    const compileMs = performance.now() - compileStarted;
    const keeping = serving ? 'keeping the last good server' : 'waiting for a change';
    if (!compiled.ok) return log(`compile failed, ${keeping}:\n${compiled.output}`);
    const next = spare;
    next.child.send({ dir: appDir, port: listenPort, host, limits, retryDelayMs, takingOver: serving !== undefined } satisfies DevStart);
    try {
      await next.booted;
    } catch {
      spare = spawnServer(env);
      return log(`the app did not start, ${keeping}`);
    }
    const previous = serving;
    serving = next;
    void stop(previous);
    try {
      const ready = await next.ready;
      listenPort = ready.port;
      log(`${previous ? 'restarted' : 'started'} in ${Math.round(performance.now() - since)} ms (compile ${Math.round(compileMs)} ms): ${ready.url}`);
      void next.exited.then(() => {
        if (serving !== next || stopping) return;
        serving = undefined;
        log('the server exited, waiting for a change');
      });
    } catch {
      serving = undefined;
      log('the server did not start, waiting for a change');
    }
    // Only now: a spare booting beside the new server would slow it down.
    spare = spawnServer(env);
  };

  // One restart at a time; changes made during one bring one more.
  let restarting: Promise<void> | undefined;
  let changedSince: number | undefined;
  const restartAfterChanges = (since: number) => {
    if (restarting) return void (changedSince ??= since);
    restarting = restart(since).finally(() => {
      restarting = undefined;
      const again = changedSince;
      changedSince = undefined;
      if (again !== undefined) restartAfterChanges(again);
    });
  };

  let firstChange: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch([join(appDir, 'src'), join(appDir, 'tsconfig.json')], { ignoreInitial: true });
  watcher.on('all', (_event, path) => {
    if (!COMPILED.test(path)) return;
    firstChange ??= performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => {
      const since = firstChange!;
      firstChange = undefined;
      log('change detected, restarting');
      restartAfterChanges(since);
    }, DEBOUNCE_MS);
  });
  watcher.on('error', (err) => log(`watching failed: ${(err as Error).message}`));

  const shutdown = async () => {
    stopping = true;
    clearTimeout(timer);
    await watcher.close();
    await Promise.all([stop(serving), stop(spare)]);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  restartAfterChanges(performance.now());
}
