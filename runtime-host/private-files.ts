import { appendFileSync, chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files that hold event payloads (the async queue, the dead-letter files) are readable by their owner only, as are
 * their folders: the modes are given at creation (a rename keeps the temporary file's) and set again on what a
 * previous version left readable by others (makePrivate, at boot).
 */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates the folder (and its parents) if needed and makes it owner-only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Writes `file` whole or not at all: a temporary file beside it, owner-only, renamed into place. */
export function writePrivateFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: FILE_MODE });
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

/** Appends to `file`, creating it owner-only. */
export function appendPrivateFile(file: string, text: string): void {
  appendFileSync(file, text, { mode: FILE_MODE });
}

/** Makes an existing folder and the files in it owner-only; a folder that is not there is left so. */
export function makePrivate(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!isDir) throw Object.assign(new Error(`ENOTDIR: not a directory, ${dir}`), { code: 'ENOTDIR', path: dir });
  chmodSync(dir, DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) chmodSync(join(dir, entry.name), FILE_MODE);
}
