import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixtureApp, scratchCopy } from './helpers/paths.js';
import { runCli } from './helpers/process.js';

/** Midway's shape: no "type", Midway's tsconfig, extensionless imports, require, __dirname, importConfigs folder, imports: [koa]. */
const appDir = scratchCopy(fixtureApp('cjs-shape'), 'wick-cjs-cli-');
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

const QUOTE = {
  current: { amount: 2.5, currency: 'EUR', by: 'PriceService' },
  legacy: { amount: 2.5, currency: 'XXX', by: 'PriceService' },
  amountType: 'number',
};

async function serve(args: string[]) {
  const server = runCli([...args, appDir, '--port', '0'], { WICK_ENV: 'prod' });
  try {
    const [, url] = await server.waitFor(/server ready at (http:\/\/[\d.:]+)/, 30_000);
    return { quote: await (await fetch(`${url}/quote?amount=2.5`)).json(), where: await (await fetch(`${url}/quote/where`)).json() };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

describe('a CommonJS app through the CLI', () => {
  it('wick start --build serves it with its config from an importConfigs folder', async () => {
    expect(await serve(['start', '--build'])).toEqual({ quote: QUOTE, where: { file: 'quote.js', folder: 'controller' } });
  });

  it('wick dev serves the same answers', async () => {
    expect((await serve(['dev'])).quote).toEqual(QUOTE);
  });

  it('wick invoke runs its event function', () => {
    const result = spawnSync(process.execPath, [CLI, 'invoke', 'ratesFunction-convert', appDir, '--data', '{"amount":4}', '--env', 'prod'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ amount: 4, currency: 'EUR', by: 'PriceService' });
  });

  it('wick routes lists its routes and functions', () => {
    const result = spawnSync(process.execPath, [CLI, 'routes', appDir], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/GET\s+\/quote\/where\s+QuoteController\.where\s+quoteController/);
    expect(result.stdout).toMatch(/ratesFunction-convert\s+RatesFunction\.convert\s+event/);
  });
});
