import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, compactMimeDb } from '../../src/build/bundle.js';

describe('compactMimeDb', () => {
  it('rebuilds mime-db restricted to the types with extensions or a charset, and to the fields mime-types reads', () => {
    const db: Record<string, { source?: string; extensions?: string[]; charset?: string }> = createRequire(import.meta.url)('mime-db');
    const expected = Object.fromEntries(
      Object.entries(db)
        .filter(([, entry]) => entry.extensions || entry.charset)
        .map(([type, { source, extensions, charset }]) => [type, { ...(source && { source }), ...(extensions && { extensions }), ...(charset && { charset }) }]),
    );
    const module = { exports: {} };
    new Function('module', compactMimeDb())(module);
    expect(module.exports).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThan(1000);
  });
});

describe('bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'wick-bundle-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const entry = `export { S3Client } from '@aws-sdk/client-s3';`;

  it('leaves the AWS SDK to the Lambda runtime on AWS and bundles it everywhere else', async () => {
    const outfile = join(out, 'aws.js');
    await bundle({ entry, resolveDir: out, outfile, platform: 'aws', minify: false, sourcemap: false });
    expect(readFileSync(outfile, 'utf8')).toContain('require("@aws-sdk/client-s3")');
    // Not installed here: on Aliyun esbuild has to resolve it, and fails.
    await expect(bundle({ entry, resolveDir: out, outfile: join(out, 'aliyun.js'), platform: 'aliyun', minify: false, sourcemap: false })).rejects.toThrow(
      /Could not resolve "@aws-sdk\/client-s3"/,
    );
  });
});
