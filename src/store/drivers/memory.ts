import { type StoreSettings } from '../config.js';
import { NotInteger, type StoreDriver } from '../driver.js';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** One process's Map: for unit tests only, since nothing is shared with another instance or survives a restart. */
export function openDriver(_settings: StoreSettings): StoreDriver {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const expiry = (ttlMs: number | undefined) => (ttlMs === undefined ? undefined : Date.now() + ttlMs);
  return {
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlMs) {
      entries.set(key, { value, expiresAt: expiry(ttlMs) });
    },
    async delete(key) {
      const existed = live(key) !== undefined;
      entries.delete(key);
      return existed;
    },
    async incr(key, by) {
      const entry = live(key);
      const current = entry === undefined ? 0 : JSON.parse(entry.value);
      if (!Number.isSafeInteger(current)) throw new NotInteger();
      const sum = current + by;
      entries.set(key, { value: JSON.stringify(sum), expiresAt: entry?.expiresAt });
      return sum;
    },
    async compareAndSet(key, expected, value, ttlMs) {
      if (live(key)?.value !== expected) return false;
      entries.set(key, { value, expiresAt: expiry(ttlMs) });
      return true;
    },
    async list(prefix) {
      return [...entries.keys()].filter((key) => key.startsWith(prefix) && live(key)).map((key) => [key, entries.get(key)!.value]);
    },
    async close() {
      entries.clear();
    },
  };
}
