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

/** Zips a function folder (index.js, its sourcemap and licence file) into one deployable archive. */
export function writeZip(functionDir: string, zipFile: string): Artifact {
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const name of readdirSync(functionDir).sort()) {
    const path = join(functionDir, name);
    if (statSync(path).isFile()) files[name] = [readFileSync(path), { mtime: EPOCH }];
  }
  const zip = zipSync(files, { level: 9 });
  writeFileSync(zipFile, zip);
  return { zipBytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') };
}
