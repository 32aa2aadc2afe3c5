import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/functions/settings.js';
import { loadManifest } from '../../runtime-host/manifest.js';
import { removeDir } from './helpers.js';

describe('the host reading manifest.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wick-host-manifest-'));
    mkdirSync(join(dir, 'functions/job'), { recursive: true });
    writeFileSync(join(dir, 'functions/job/index.js'), '');
  });
  afterEach(() => removeDir(dir));

  function write(settings: Record<string, unknown>): void {
    const fn = { name: 'job', handler: 'index.handler', entry: 'functions/job/index.js', triggers: [], ...DEFAULT_SETTINGS, ...settings };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ schemaVersion: 1, platform: 'host', app: 'x', functions: [fn] }));
  }

  it('takes the settings in seconds as milliseconds', () => {
    write({ timeout: 5, idleTimeout: 30 });
    expect(loadManifest(dir).functions[0]).toMatchObject({ timeoutMs: 5000, idleTimeoutMs: 30_000, memorySize: 128 });
  });

  it('rejects a fractional setting through the one settings validator, naming the function', () => {
    write({ timeout: 0.5 });
    expect(() => loadManifest(dir)).toThrow('manifest.json functions[0] (job): timeout must be a whole number >= 1, got 0.5');
  });
});
