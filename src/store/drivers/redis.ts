import { Redis, type RedisOptions } from 'ioredis';
import { type StoreSettings } from '../config.js';
import { NotInteger, type StoreDriver } from '../driver.js';

/**
 * Writes ARGV[2] (with PX ARGV[3] when it is not empty) only when the key holds ARGV[1], or is absent when
 * ARGV[1] is empty (no JSON text is empty). A script runs alone on the server: the read and the write are one step.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** Keys a SCAN step asks for, and a MGET reads. */
const BATCH = 500;

/** A prefix as a SCAN MATCH pattern: glob characters in it match themselves. */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

type CasClient = Redis & { wickCompareAndSet(key: string, expected: string, value: string, ttlMs: string): Promise<number> };

/**
 * Redis through ioredis (ElastiCache, ApsaraDB for Redis / Tair, TencentDB for Redis, any Redis server): every
 * operation is one command or one script, so it is atomic for every client; TTLs are PX milliseconds kept by the
 * server; listing walks SCAN (never KEYS, which blocks the server). Connects on the first operation.
 */
export function openDriver(settings: StoreSettings): StoreDriver {
  if (settings.driver !== 'redis') throw new Error('the redis driver takes redis settings');
  const client = (typeof settings.client === 'string'
    ? new Redis(settings.client, { lazyConnect: true })
    : new Redis({ lazyConnect: true, ...(settings.client as RedisOptions) })) as CasClient;
  client.defineCommand('wickCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  return {
    async get(key) {
      return (await client.get(key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await client.set(key, value);
      else await client.set(key, value, 'PX', ttlMs);
    },
    async delete(key) {
      return (await client.del(key)) > 0;
    },
    async incr(key, by) {
      try {
        return await client.incrby(key, by);
      } catch (err) {
        if (/not an integer|out of range/.test((err as Error).message)) throw new NotInteger();
        throw err;
      }
    },
    async compareAndSet(key, expected, value, ttlMs) {
      return (await client.wickCompareAndSet(key, expected ?? '', value, ttlMs === undefined ? '' : String(ttlMs))) === 1;
    },
    async list(prefix) {
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, found] = await client.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', BATCH);
        found.forEach((key) => keys.add(key));
        cursor = next;
      } while (cursor !== '0');
      const entries: [string, string][] = [];
      const all = [...keys];
      for (let start = 0; start < all.length; start += BATCH) {
        const batch = all.slice(start, start + BATCH);
        const values = await client.mget(...batch);
        batch.forEach((key, index) => {
          const value = values[index];
          if (value !== null) entries.push([key, value]); // expired or deleted since the scan
        });
      }
      return entries;
    },
    async close() {
      if (client.status === 'wait' || client.status === 'end') client.disconnect();
      else await client.quit();
    },
  };
}
