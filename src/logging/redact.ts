/** Header names whose values are credentials: never written to a log line, at any depth of what is logged. */
export const SECRET_FIELDS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

export const REDACTED = '[redacted]';

/** Deep enough for `{ err: { config: { headers: { authorization } } } }` (an HTTP client's error); deeper is left as it is. */
const MAX_DEPTH = 6;

/** Field names to redact, matched in any case. */
export class SecretNames {
  private readonly names: Set<string>;
  /** Log lines repeat their keys: one lookup per key instead of lower-casing it on every line (a third of the cost). */
  private readonly verdicts = new Map<string, boolean>();

  constructor(names: Iterable<string>) {
    this.names = new Set([...names].map((name) => name.toLowerCase()));
  }

  has(key: string): boolean {
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = this.names.has(key.toLowerCase());
      if (this.verdicts.size < 10_000) this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

/** The names to redact: the built-in ones and the app's `logger.redact` list (header or body field names, any case). */
export function configuredSecrets(config: { logger?: { redact?: unknown } }): SecretNames {
  const extra = config.logger?.redact ?? [];
  if (!Array.isArray(extra) || !extra.every((name) => typeof name === 'string')) {
    throw new Error(`config logger.redact must be a list of field names, got ${JSON.stringify(extra)}`);
  }
  return new SecretNames([...SECRET_FIELDS, ...extra]);
}

export const DEFAULT_SECRETS = /* @__PURE__ */ new SecretNames(SECRET_FIELDS);

/** Binary data and collections JSON does not look into: left as they are. */
function opaque(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Map || value instanceof Set;
}

/** An error with some fields replaced, still an error (so loggers serialize it as one), with its message and stack. */
function errorWith(err: Error, fields: Record<string, unknown>): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err)) as Error, fields);
  for (const key of ['name', 'message', 'stack'] as const) Object.defineProperty(copy, key, { value: err[key], writable: true, configurable: true });
  return copy;
}

/**
 * What is about to be logged, with the value of every field named in `secrets` (in any case, at any depth up to
 * MAX_DEPTH) replaced by `[redacted]`. Copy on write: what holds no secret is returned as it is, and the caller's
 * objects (a request's live headers) are never changed. Objects with `toJSON` (Koa's request and response) are read
 * as JSON would read them.
 */
export function redactSecrets(value: unknown, secrets: SecretNames, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || opaque(value)) return value;
  const source = typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Error) ? (value as { toJSON(): unknown }).toJSON() : value;
  if (source !== value) {
    const redacted = redactSecrets(source, secrets, depth);
    return redacted === source ? value : redacted;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redactSecrets(item, secrets, depth + 1);
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    });
    return copy ?? value;
  }
  let changed: Record<string, unknown> | undefined;
  // for...in rather than Object.entries (no array per object): this runs on every log line, the access log's too.
  // It also reads inherited enumerable keys, which JSON would not write; redacting one more field is harmless.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    const redacted = secrets.has(key) && item !== undefined ? REDACTED : redactSecrets(item, secrets, depth + 1);
    if (redacted !== item) (changed ??= {})[key] = redacted;
  }
  if (!changed) return value;
  if (value instanceof Error) return errorWith(value, { ...value, ...changed });
  return { ...value, ...changed };
}
