import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/build/artifact.js';

describe('writeZip', () => {
  const root = mkdtempSync(join(tmpdir(), 'wick-zip-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function functionDir(name: string, code: string, mtime: Date): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (const [file, text] of [['index.js', code], ['package.json', '{ "type": "commonjs" }\n']]) {
      writeFileSync(join(dir, file), text);
      utimesSync(join(dir, file), mtime, mtime);
    }
    return dir;
  }

  it('depends on the content alone: same files at other times give the same bytes and sha256', async () => {
    const first = await writeZip(functionDir('a', 'exports.handler = 1;', new Date('2021-03-04T05:06:07Z')), join(root, 'a.zip'));
    const second = await writeZip(functionDir('b', 'exports.handler = 1;', new Date('2024-08-09T10:11:12Z')), join(root, 'b.zip'));
    const changed = await writeZip(functionDir('c', 'exports.handler = 2;', new Date('2021-03-04T05:06:07Z')), join(root, 'c.zip'));
    expect(second).toEqual(first);
    expect(changed.sha256).not.toBe(first.sha256);
    const zip = readFileSync(join(root, 'a.zip'));
    expect(zip.length).toBe(first.zipBytes);
    // Files only: an empty folder adds nothing (the declared assets bring their subfolders).
    const unzipped = unzipSync(zip);
    expect(Object.keys(unzipped).sort()).toEqual(['index.js', 'package.json']);
    expect(Buffer.from(unzipped['index.js']).toString()).toBe('exports.handler = 1;');
  });
});
