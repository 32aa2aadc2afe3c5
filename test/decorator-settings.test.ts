import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from 'wick/testing';
import { CLI, ROOT } from './helpers/paths.js';
import { runCli } from './helpers/process.js';

const SOURCES: Record<string, string> = {
  'package.json': '{ "type": "module" }\n',
  'src/service/prices.ts': "import { Provide } from 'wick';\n@Provide()\nexport class Prices {\n  rate = 2;\n}\n",
  'src/controller/quote.ts': [
    "import { Controller, Get, Inject, Query } from 'wick';",
    "import { Prices } from '../service/prices.js';",
    "@Controller('/quote')",
    'export class QuoteController {',
    '  @Inject() prices: Prices;',
    "  @Get('/') quote(@Query('amount') amount: number) {",
    '    return { total: amount * this.prices.rate };',
    '  }',
    '}',
    '',
  ].join('\n'),
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The app with a tsconfig that leaves out the given decorator options. */
function appWithout(options: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'wick-decorator-settings-'));
  dirs.push(dir);
  const compilerOptions: Record<string, unknown> = {
    target: 'es2022', module: 'nodenext', strict: false, skipLibCheck: true, rootDir: 'src', outDir: 'dist',
    experimentalDecorators: true, emitDecoratorMetadata: true,
  };
  for (const option of options) delete compilerOptions[option];
  for (const [path, text] of Object.entries({ ...SOURCES, 'tsconfig.json': JSON.stringify({ compilerOptions }) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Compiled by a tsc that is not wick's compile step (which would refuse the tsconfig), then started by wick. */
function startCompiledElsewhere(dir: string) {
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  return spawnSync(process.execPath, [CLI, 'start', dir, '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
}

describe('decorator settings at boot', () => {
  it('names experimentalDecorators when the code was compiled with standard decorators', () => {
    const started = startCompiledElsewhere(appWithout(['experimentalDecorators', 'emitDecoratorMetadata']));
    expect(started.status).toBe(1);
    expect(started.stderr).toMatch(/a wick decorator on \w+ \w+ was called as a standard \(TC39\) decorator: the code was compiled without "experimentalDecorators"/);
    expect(started.stderr).not.toMatch(/TypeError/);
  });

  it('names emitDecoratorMetadata when the design-time types are missing, rather than skipping validation and conversion', () => {
    const started = startCompiledElsewhere(appWithout(['emitDecoratorMetadata']));
    expect(started.status).toBe(1);
    expect(started.stderr).toContain(
      'decorator metadata is missing on QuoteController.quote (design:paramtypes), QuoteController.prices (design:type): the code was compiled without "emitDecoratorMetadata"',
    );
  });

  it('names emitDecoratorMetadata under vitest, whose transform reads the same tsconfig', async () => {
    await expect(createApp(appWithout(['emitDecoratorMetadata']))).rejects.toThrow(/QuoteController\.quote \(design:paramtypes\).*"emitDecoratorMetadata"/);
  });

  it('names experimentalDecorators under vitest, whose transform then leaves the decorators in the code', async () => {
    await expect(createApp(appWithout(['experimentalDecorators']))).rejects.toThrow(/quote\.ts: [\s\S]*decorators were left untransformed, as compilers do without "experimentalDecorators", set "experimentalDecorators": true/);
  });

  it('boots the same app compiled with both settings', async () => {
    const dir = appWithout([]);
    spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    const server = runCli(['start', dir, '--port', '0']);
    try {
      const [, url] = await server.waitFor(/server ready at (http:\/\/[\d.:]+)/);
      expect(await (await fetch(`${url}/quote?amount=3`)).json()).toEqual({ total: 6 });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
