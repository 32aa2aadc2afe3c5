import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type WickApplication } from '../app/application.js';
import { createApplication, type CreateAppOptions } from '../app/create.js';
import { compileApp } from '../build/typescript.js';

/** Boots the app in `dir` from its compiled JavaScript in `dist/`, compiling first when asked. */
export async function loadCompiledApp(dir: string, build: boolean, options: Omit<CreateAppOptions, 'appDir' | 'baseDir'> = {}): Promise<WickApplication> {
  const appDir = resolve(dir);
  if (build) {
    const compiled = compileApp(appDir);
    if (!compiled.ok) throw new Error(`tsc failed:\n${compiled.output}`);
  }
  if (!existsSync(join(appDir, 'dist'))) throw new Error(`${join(appDir, 'dist')} does not exist: compile the app first (tsc, or pass --build)`);
  return createApplication({ ...options, appDir, baseDir: 'dist' });
}
