import { StoreError } from './errors.js';

/** A value the store keeps: what JSON holds, and reads back as the same value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return `a ${typeof value}`;
  return `a ${value.constructor?.name ?? 'null-prototype object'}`;
}

/** The first place in `value` JSON cannot hold as it is (undefined, a function, a Map, a Date, NaN, a cycle...), or undefined. */
function unserialisable(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${describe(value)}`;
  if (typeof value !== 'object') return `${path} is ${describe(value)}`;
  if (seen.has(value)) return `${path} refers back to itself`;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return `${path} is ${describe(value)}`;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const found = unserialisable(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, seen);
    if (found) return found;
  }
  seen.delete(value);
  return undefined;
}

/** The JSON text a value is kept as; a value JSON would drop or change is refused, naming where it is. */
export function encode(value: unknown, operation: string): string {
  const problem = unserialisable(value, 'value', new Set());
  if (problem) throw new StoreError(`${operation}: ${problem}, which JSON cannot hold (store values are JSON: null, booleans, finite numbers, strings, arrays and plain objects)`, 'WICK_ERR_STORE_VALUE');
  return JSON.stringify(value);
}

export function decode(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
