import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileApp } from './typescript.js';

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * `wick dev`: compile with tsc (which keeps decorator metadata), run the server in a child process,
 * and on every change under src/ recompile and restart it.
 */
export function dev(dir: string, port: number): void {
  const appDir = resolve(dir);
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;

  const stopChild = () =>
    new Promise<void>((done) => {
      if (!child || child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

  const rebuild = async () => {
    const compiled = compileApp(appDir);
    if (!compiled.ok) {
      process.stderr.write(`[wick dev] compile failed, keeping the last good server:\n${compiled.output}\n`);
      return;
    }
    await stopChild();
    child = spawn(process.execPath, [CLI, 'start', appDir, '--port', String(port)], {
      stdio: 'inherit',
      env: { ...process.env, WICK_ENV: process.env.WICK_ENV || 'local' },
    });
  };

  watch(join(appDir, 'src'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      process.stderr.write('[wick dev] change detected, restarting\n');
      void rebuild();
    }, 150);
  });
  const shutdown = () => stopChild().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  void rebuild();
}
