import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

export interface Artifact {
  zipBytes: number;
  sha256: string;
}

/** A fixed timestamp makes the zip, and so its hash, depend on the content alone. */
const EPOCH = new Date('2020-01-01T00:00:00Z');

type ZipEntries = Record<string, [Uint8Array, { mtime: Date }]>;

/** Every file under `dir`, by its `/`-separated path from the function folder, in a stable order. */
function addFiles(files: ZipEntries, dir: string, prefix: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) addFiles(files, path, `${prefix}${name}/`);
    else files[`${prefix}${name}`] = [readFileSync(path), { mtime: EPOCH }];
  }
}

/** Zips a function folder (index.js, its sourcemap and licence file, the app's declared assets) into one deployable archive. */
export function writeZip(functionDir: string, zipFile: string): Artifact {
  const files: ZipEntries = {};
  addFiles(files, functionDir, '');
  const zip = zipSync(files, { level: 9 });
  writeFileSync(zipFile, zip);
  return { zipBytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') };
}
