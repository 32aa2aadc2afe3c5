import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE } from '../store/config.js';

/**
 * What a rebuild leaves in the output folder: the embedded store's database, which `wick host` keeps in the folder
 * it serves (a dev server or host may have it open, and its data is the app's, not the build's).
 */
const KEPT = new Set([SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`]);

/** Empties a build's output folder for a new build, but for the files in KEPT. */
export function clearOutput(out: string): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) if (!KEPT.has(name)) rmSync(join(out, name), { recursive: true, force: true });
}
