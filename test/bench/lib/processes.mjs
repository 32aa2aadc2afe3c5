// Child processes of the bench: every one is tracked and ended, on success, on failure and on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const live = new Set();
const onInterrupt = [];

/** Work to do when Ctrl-C ends the bench early (temp folders to remove), after the processes are stopped. */
export const whenInterrupted = (fn) => onInterrupt.push(fn);

/** `taskset` pins the server to core 0 and the load generator to core 1, where the machine has both. */
const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
export const PINNING = canPin ? 'server on core 0, load generator on core 1 (taskset)' : 'no pinning (taskset or a second core missing)';
export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

function pinned(core, command, args) {
  return canPin && core ? ['taskset', ['-c', core, command, ...args]] : [command, args];
}

/**
 * Starts a process in its own process group (so a server's or host's own children end with it), on `core` where
 * pinning works. stdout/stderr are discarded unless asked for.
 */
export function start(command, args, { core, env, cwd, stdout = 'ignore', stderr = 'ignore' } = {}) {
  const [file, argv] = pinned(core, command, args);
  const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['ignore', stdout, stderr] });
  live.add(child);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => live.delete(child));
  return child;
}

/** Ends a started process and its group: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  signalGroup('SIGKILL'); // what the group leader left behind
}

/** Runs a command to its end; resolves with its exit code, output and wall time in ms. */
export async function run(command, args, { core, env, cwd, timeoutMs = 600_000 } = {}) {
  const started = process.hrtime.bigint();
  const child = start(command, args, { core, env, cwd, stdout: 'pipe', stderr: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => stop(child), timeoutMs);
  const { code } = await child.exited;
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Like run, but throws with the command's output when it fails. */
export async function mustRun(command, args, options) {
  const result = await run(command, args, options);
  const tail = (text) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  return result;
}

export async function stopAll() {
  await Promise.all([...live].map((child) => stop(child)));
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping ${live.size} child process(es)`);
    stopAll()
      .then(() => onInterrupt.forEach((fn) => fn()))
      .finally(() => process.exit(130));
  });
}
