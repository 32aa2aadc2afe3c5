import { describe, expect, it } from 'vitest';
import { runLoad } from '../helpers/load.js';
import { useHost } from './helpers.js';

// The bounded smoke of test/stress/load.stress.ts (npm run test:stress: 200 connections, 10,000 requests per scenario).
const host = useHost('load');
const CONNECTIONS = 50;
const AMOUNT = 500;

describe('wick host under load', () => {
  it(`answers each of ${AMOUNT} requests over ${CONNECTIONS} connections to a 50 ms function on 4 instances: 200, or 429 past its queue`, async () => {
    const result = await runLoad(`${host.url}/work`, { connections: CONNECTIONS, amount: AMOUNT, timeoutSeconds: 10, capSeconds: 10 });
    expect(result).toMatchObject({ capped: false, errors: 0, timeouts: 0, answered: AMOUNT });
    expect(Object.keys(result.statuses).filter((status) => status !== '200' && status !== '429')).toEqual([]);
    expect(result.statuses[200]).toBeGreaterThan(0);
    const work = await host.fn('work');
    expect(work.instances.length).toBeLessThanOrEqual(4);
    expect(work.throttles).toBe(result.statuses[429] ?? 0);
  });
});
