import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The tsc that ships with wick's own typescript dependency (it keeps decorator metadata). */
export function tscPath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('typescript/package.json');
  const bin = require(manifest).bin.tsc as string;
  return join(dirname(manifest), bin);
}

/** Cleans the output folder (default `<appDir>/dist`) and compiles the app into it; returns tsc's output and whether it succeeded. */
export function compileApp(appDir: string, outDir = join(appDir, 'dist')): { ok: boolean; output: string } {
  rmSync(outDir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tscPath(), '-p', join(appDir, 'tsconfig.json'), '--outDir', outDir], { cwd: appDir, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}
