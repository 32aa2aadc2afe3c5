import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type StoreSettings } from '../config.js';
import { NotInteger, type StoreDriver } from '../driver.js';
import { StoreError } from '../errors.js';

/** How long a writer waits for another process's write lock before SQLite gives up (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 10_000;
/** Expired rows are removed once every this many writes of a process (and when it opens the file). */
const PURGE_EVERY = 256;

const SCHEMA = `CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID`;
const LIVE = `(expires_at IS NULL OR expires_at > @now)`;

/**
 * One SQLite file (better-sqlite3) shared by every process that opens it: WAL mode lets readers run beside a
 * writer, busy_timeout makes a writer wait for another's lock instead of failing, and incr and compare-and-set
 * are read-modify-write inside BEGIN IMMEDIATE transactions, which take the write lock before they read, so no
 * two processes interleave them. A write that returned survives the process and a restart (WAL with synchronous
 * NORMAL: only a power cut may lose the last commits, never corrupt the file).
 */
export function openDriver(settings: StoreSettings): StoreDriver {
  if (settings.driver !== 'sqlite') throw new Error('the sqlite driver takes sqlite settings');
  let db: Database.Database;
  try {
    mkdirSync(dirname(settings.path), { recursive: true });
    db = new Database(settings.path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (err) {
    throw new StoreError(`the sqlite store could not open ${settings.path}: ${(err as Error).message}`, 'WICK_ERR_STORE_DRIVER', { cause: err });
  }
  const read = db.prepare<{ key: string; now: number }, { value: string }>(`SELECT value FROM kv WHERE key = @key AND ${LIVE}`);
  const write = db.prepare<{ key: string; value: string; expires: number | null }>(
    `INSERT INTO kv (key, value, expires_at) VALUES (@key, @value, @expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
  );
  const keepExpiry = db.prepare<{ key: string; value: string }>(`UPDATE kv SET value = @value WHERE key = @key`);
  const remove = db.prepare<{ key: string }, { expires_at: number | null }>(`DELETE FROM kv WHERE key = @key RETURNING expires_at`);
  const scan = db.prepare<{ prefix: string; now: number }, { key: string; value: string }>(
    `SELECT key, value FROM kv WHERE key >= @prefix AND substr(key, 1, length(@prefix)) = @prefix AND ${LIVE}`,
  );
  const purge = db.prepare<{ now: number }>(`DELETE FROM kv WHERE expires_at <= @now`);
  const expires = (ttlMs: number | undefined) => (ttlMs === undefined ? null : Date.now() + ttlMs);
  let writes = 0;
  const wrote = () => {
    if (++writes % PURGE_EVERY === 0) purge.run({ now: Date.now() });
  };
  purge.run({ now: Date.now() });

  const incr = db.transaction((key: string, by: number): number => {
    const row = read.get({ key, now: Date.now() });
    const current = row === undefined ? 0 : JSON.parse(row.value);
    if (!Number.isSafeInteger(current)) throw new NotInteger();
    const sum = current + by;
    if (row === undefined) write.run({ key, value: JSON.stringify(sum), expires: null });
    else keepExpiry.run({ key, value: JSON.stringify(sum) });
    return sum;
  });
  const compareAndSet = db.transaction((key: string, expected: string | undefined, value: string, ttlMs: number | undefined): boolean => {
    if (read.get({ key, now: Date.now() })?.value !== expected) return false;
    write.run({ key, value, expires: expires(ttlMs) });
    return true;
  });

  return {
    async get(key) {
      return read.get({ key, now: Date.now() })?.value;
    },
    async set(key, value, ttlMs) {
      write.run({ key, value, expires: expires(ttlMs) });
      wrote();
    },
    async delete(key) {
      const row = remove.get({ key });
      return row !== undefined && (row.expires_at === null || row.expires_at > Date.now());
    },
    async incr(key, by) {
      const sum = incr.immediate(key, by);
      wrote();
      return sum;
    },
    async compareAndSet(key, expected, value, ttlMs) {
      const written = compareAndSet.immediate(key, expected, value, ttlMs);
      if (written) wrote();
      return written;
    },
    async list(prefix) {
      return scan.all({ prefix, now: Date.now() }).map((row): [string, string] => [row.key, row.value]);
    },
    async close() {
      db.close();
    },
  };
}
