import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';

export interface Artifact {
  zipBytes: number;
  sha256: string;
}

/** A fixed timestamp makes the zip, and so its hash, depend on the content alone. */
const EPOCH = new Date('2020-01-01T00:00:00Z');

const DEFLATE = 8;
const deflate = promisify(deflateRaw);
/** zlib's default: level 9 takes three times as long on a source map for 1-2 % fewer bytes. */
const LEVEL = 6;

/**
 * A zip entry whose deflated bytes zlib made beforehand (on libuv's thread pool, so that many zips compress at
 * once and the build's own thread stays free); fflate writes the headers and the CRC of the original bytes.
 */
class DeflatedFile extends ZipPassThrough {
  constructor(
    filename: string,
    private readonly deflated: Uint8Array<ArrayBuffer>,
  ) {
    super(filename);
    this.compression = DEFLATE;
    this.mtime = EPOCH;
  }

  protected override process(_original: Uint8Array, final: boolean): void {
    this.ondata(null, this.deflated, final);
  }
}

/** Every file under `dir`, by its `/`-separated path from the function folder, in a stable order. */
async function filesUnder(dir: string, prefix = ''): Promise<[string, string][]> {
  const files: [string, string][] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) files.push(...(await filesUnder(path, `${prefix}${name}/`)));
    else files.push([`${prefix}${name}`, path]);
  }
  return files;
}

/** Zips a function folder (index.js, its sourcemap and licence file, the app's declared assets) into one deployable archive. */
export async function writeZip(functionDir: string, zipFile: string): Promise<Artifact> {
  const files = await Promise.all(
    (await filesUnder(functionDir)).map(async ([name, path]) => {
      const original = await readFile(path);
      return { name, original, deflated: new Uint8Array(await deflate(original, { level: LEVEL })) };
    }),
  );
  const chunks: Uint8Array[] = [];
  const archive = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const { name, original, deflated } of files) {
    const entry = new DeflatedFile(name, deflated);
    archive.add(entry);
    entry.push(original, true);
  }
  archive.end();
  const zip = Buffer.concat(chunks);
  await writeFile(zipFile, zip);
  return { zipBytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') };
}
