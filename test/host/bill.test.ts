import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { priceUsage, type Bill, type Usage } from '../../runtime-host/bill.js';
import { DEFAULT_PRICES, loadPrices } from '../../runtime-host/prices.js';
import { CLI } from '../helpers/paths.js';
import { buildFixture, eventually, getJson, invoke, removeDir, startHost, type HostProcess } from './helpers.js';

const usage = (functions: Usage['functions'], wallSeconds = 3600): Usage => ({ version: 1, since: '2026-12-01T00:00:00.000Z', wallSeconds, functions });

describe('the bill: arithmetic against the price table', () => {
  const bill = priceUsage(usage({ api: { invocations: 1000, coldStarts: 2, billedMs: 5000, gbSeconds: 0.625, instanceSeconds: 60, memorySize: 128 } }), DEFAULT_PRICES);

  it('prices Lambda as requests × $0.20 per million + GB-seconds × $0.0000166667', () => {
    expect(bill.platforms.aws.functions.api.requests).toBeCloseTo(1000 * 0.0000002, 12);
    expect(bill.platforms.aws.functions.api.compute).toBeCloseTo(0.625 * 0.0000166667, 12);
    expect(bill.platforms.aws.total).toBeCloseTo(0.0002 + 0.0000104166875, 12);
  });

  it("prices FC in compute units at $0.00002: 75 CU per 10,000 calls, 0.15 CU per GB-s and 1 CU per vCPU-s of a quarter vCPU per GB", () => {
    expect(bill.platforms.aliyun.functions.api.requests).toBeCloseTo(1000 * 0.0075 * 0.00002, 12);
    expect(bill.platforms.aliyun.functions.api.compute).toBeCloseTo(0.625 * 0.15 * 0.00002 + 0.625 * 0.25 * 0.00002, 12);
  });

  it('prices SCF as calls × $0.002 per 10,000 + GB-seconds × $0.0000167', () => {
    expect(bill.platforms.tencent.total).toBeCloseTo(1000 * 0.0000002 + 0.625 * 0.0000167, 12);
  });

  it('sets beside it one always-on instance of the same memory for the whole wall time', () => {
    // 128 MB for an hour: 0.125 GB × 3600 s = 450 GB-s.
    expect(bill.platforms.aws.alwaysOn).toBeCloseTo(450 * 0.0000166667, 12);
    expect(bill.platforms.aliyun.alwaysOn).toBeCloseTo(450 * 0.15 * 0.00002 + 450 * 0.25 * 0.00002, 12);
  });

  it('sums every function into the platform total', () => {
    const two = priceUsage(
      usage({
        a: { invocations: 1, coldStarts: 1, billedMs: 1000, gbSeconds: 1, instanceSeconds: 1, memorySize: 1024 },
        b: { invocations: 3, coldStarts: 0, billedMs: 3000, gbSeconds: 1.5, instanceSeconds: 1, memorySize: 512 },
      }),
      DEFAULT_PRICES,
    );
    expect(two.platforms.tencent.total).toBeCloseTo(4 * 0.0000002 + 2.5 * 0.0000167, 12);
  });
});

describe('the bill: list prices from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wick-prices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('overrides the numbers it names and keeps the others', () => {
    const prices = loadPrices(write('arm.json', JSON.stringify({ aws: { perGbSecond: 0.0000133334, source: 'Arm, us-east-1' } })));
    expect(prices.aws).toMatchObject({ perGbSecond: 0.0000133334, perRequest: DEFAULT_PRICES.aws.perRequest, source: 'Arm, us-east-1' });
    expect(prices.tencent).toEqual(DEFAULT_PRICES.tencent);
  });

  it.each([
    ['not JSON', '{', /--prices .*not JSON|Expected|Unexpected/],
    ['an unknown platform', '{"azure": {}}', /unknown platform "azure"/],
    ['a negative price', '{"aws": {"perRequest": -1}}', /aws.perRequest must be a number ≥ 0, got -1/],
    ['a price as text', '{"aliyun": {"perGbSecond": "cheap"}}', /aliyun.perGbSecond must be a number/],
    ['an unknown field', '{"tencent": {"perCall": 1}}', /tencent.perCall is not a price field/],
  ])('refuses %s with a message naming it', (_, content, message) => {
    expect(() => loadPrices(write('bad.json', content))).toThrow(message);
  });
});

interface Reported {
  invocations: number;
  cold: number;
  billedMs: number;
  gbSeconds: number;
}

/** The REPORT lines of one function in a host's output, summed as the bill should sum them. */
function reported(output: string, fn: string): Reported {
  const lines = output.split('\n').filter((line) => line.startsWith('REPORT ') && line.includes(`\tFunction: ${fn}\t`));
  return lines.reduce<Reported>(
    (sum, line) => {
      const billed = Number(/Billed Duration: (\d+) ms/.exec(line)![1]);
      const memory = Number(/Memory Size: (\d+) MB/.exec(line)![1]);
      return {
        invocations: sum.invocations + 1,
        cold: sum.cold + (line.includes('Cold: yes') ? 1 : 0),
        billedMs: sum.billedMs + billed,
        gbSeconds: sum.gbSeconds + (memory / 1024) * (billed / 1000),
      };
    },
    { invocations: 0, cold: 0, billedMs: 0, gbSeconds: 0 },
  );
}

describe('wick host bill: metering a scripted workload', () => {
  let out: string | undefined;
  let host: HostProcess | undefined;
  afterEach(async () => {
    await host?.stop();
    removeDir(out);
    host = out = undefined;
  });

  it('counts what the REPORT lines say, keeps it across a restart, and prints it priced', async () => {
    out = buildFixture('host-api');
    host = await startHost(out);
    for (let i = 0; i < 5; i++) expect((await invoke(host.url, 'echo', { i })).status).toBe(200);
    await Promise.all(Array.from({ length: 5 }, (_, i) => invoke(host!.url, 'echo', { parallel: i })));
    const first = await eventually(() => {
      const sums = reported(host!.output(), 'echo');
      return sums.invocations === 10 && sums;
    });
    const { body: bill } = (await getJson(`${host.url}/-/bill`)) as { body: Bill };
    expect(bill.functions.echo).toMatchObject({ invocations: 10, coldStarts: first.cold, billedMs: first.billedMs });
    expect(bill.functions.echo.gbSeconds).toBeCloseTo(first.gbSeconds, 9);
    expect(bill.functions.echo.instanceSeconds).toBeGreaterThan(0);
    expect(bill.platforms.aws.functions.echo.total).toBeCloseTo(10 * DEFAULT_PRICES.aws.perRequest + first.gbSeconds * DEFAULT_PRICES.aws.perGbSecond, 12);

    const printed = spawnSync(process.execPath, [CLI, 'host', 'bill', '--url', host.url], { encoding: 'utf8', timeout: 15_000 });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(new RegExp(`^echo\\s+10\\s+${first.cold}\\s+${first.billedMs}\\s`, 'm'));
    expect(printed.stdout).toMatch(/^AWS Lambda\s+\$/m);
    expect(printed.stdout).toMatch(/^Aliyun FC\s+\$/m);
    expect(printed.stdout).toMatch(/^Tencent SCF\s+\$/m);

    expect(await host.stop()).toBe(0);
    const ledger = join(out, 'host-bill.json');
    expect(statSync(ledger).mode & 0o777).toBe(0o600);

    host = await startHost(out);
    expect((await invoke(host.url, 'echo', { after: 'restart' })).status).toBe(200);
    const second = await eventually(() => {
      const sums = reported(host!.output(), 'echo');
      return sums.invocations === 1 && sums;
    });
    const { body: after } = (await getJson(`${host.url}/-/bill`)) as { body: Bill };
    expect(after.since).toBe(bill.since);
    expect(after.functions.echo).toMatchObject({ invocations: 11, coldStarts: first.cold + 1, billedMs: first.billedMs + second.billedMs });
    expect(after.wallSeconds).toBeGreaterThan(bill.wallSeconds);
    expect(await host.stop()).toBe(0);

    const offline = spawnSync(process.execPath, [CLI, 'host', 'bill', '--dir', out], { encoding: 'utf8', timeout: 15_000 });
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/^echo\s+11\s/m);
  }, 60_000);

  it('keeps metering in memory, says why and keeps serving when the ledger cannot be written', async () => {
    out = buildFixture('host-api');
    host = await startHost(out);
    // A folder where the ledger file should be, made once the host has started: every atomic rename onto it fails.
    mkdirSync(join(out, 'host-bill.json'));
    expect((await invoke(host.url, 'echo', { disk: 'refuses' })).status).toBe(200);
    await host.waitFor(/could not write the bill to .*host-bill\.json/);
    expect((await invoke(host.url, 'echo', { still: 'serving' })).status).toBe(200);
    const { body } = (await getJson(`${host.url}/-/bill`)) as { body: Bill };
    expect(body.functions.echo.invocations).toBe(2);
    expect(await host.stop()).toBe(0);
  }, 60_000);

  it('says plainly when a folder has no bill yet', () => {
    const empty = mkdtempSync(join(tmpdir(), 'wick-nobill-'));
    try {
      const result = spawnSync(process.execPath, [CLI, 'host', 'bill', '--dir', empty], { encoding: 'utf8', timeout: 15_000 });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/no bill at .*host-bill\.json/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
