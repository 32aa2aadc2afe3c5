import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearOutput } from '../../src/build/output-folder.js';

const out = mkdtempSync(join(tmpdir(), 'wick-output-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a rebuild into a folder', () => {
  it('removes the previous build but keeps the embedded store wick host keeps there', () => {
    mkdirSync(join(out, 'functions', 'pvController'), { recursive: true });
    for (const file of ['manifest.json', 'template.yaml', 'store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm', 'functions/pvController/index.js']) writeFileSync(join(out, file), '');
    clearOutput(out);
    expect(readdirSync(out).sort()).toEqual(['store.sqlite', 'store.sqlite-shm', 'store.sqlite-wal']);
  });
});
