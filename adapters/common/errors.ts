import { randomUUID } from 'node:crypto';
import { BadRequestError, HttpError } from '../../src/errors/http-errors.js';
import { renderError } from '../../src/errors/render.js';
import { type WickHttpResponse } from '../../src/functions/model.js';
import { REQUEST_ID_HEADER } from '../../src/middleware/request-id.js';

/** An event's fields, read one by one and checked before use. */
export type Fields = Record<string, unknown>;

/** A platform payload the adapter cannot turn into a request or event: the caller's mistake, a 400. */
export class BadEventError extends BadRequestError {
  override readonly code = 'WICK_ERR_BAD_EVENT';
  constructor(message: string) {
    super(`malformed event: ${message}`);
  }
}

/** A request head (request line and headers) Node would refuse in server mode: 431, as server mode answers. */
export class HeadTooLargeError extends HttpError {
  override readonly code = 'WICK_ERR_HEAD_TOO_LARGE';
  constructor(message: string) {
    super(431, message);
  }
}

/** The JSON error body every mode uses, as a normalized response, for errors raised before the app runs. */
export function errorResponse(err: unknown, requestId: string = randomUUID()): WickHttpResponse {
  const rendered = renderError(err, requestId, true);
  return {
    status: rendered.status,
    headers: { ...rendered.headers, 'content-type': 'application/json; charset=utf-8', [REQUEST_ID_HEADER]: requestId },
    body: Buffer.from(JSON.stringify(rendered.body)),
  };
}

/** A string that is there and not empty, else undefined; never throws (ids and addresses a platform may leave blank). */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a field that must be a string (or absent when optional), naming it in the error. */
export function stringField(event: Fields, field: string, optional = false): string | undefined {
  return nestedString(event[field], field, optional);
}

/** A nested field, checked like a top-level one but named by its full path in errors (`Records[0].s3.bucket.name`). */
export function nestedString(value: unknown, path: string, optional = false): string | undefined {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new BadEventError(`${path} is missing`);
  }
  if (typeof value !== 'string') throw new BadEventError(`${path} must be a string, got ${typeof value}`);
  return value;
}

/**
 * An object field, named by its full path in errors. Absent is `{}`, so a missing parent is reported by the
 * field read from it; with `required`, absent is an error of its own. Anything but an object is the caller's mistake.
 */
export function objectField(parent: Fields, field: string, path = field, required = false): Fields {
  const value = parent[field];
  if ((value === undefined || value === null) && !required) return {};
  if (!isObject(value)) throw new BadEventError(`${path} must be an object`);
  return value;
}

/**
 * Header and query maps: an object of strings (or string lists), or absent. Built with fromEntries, so a
 * `__proto__` key from the event stays a plain entry and never replaces the map's prototype.
 */
export function stringMap(event: Fields, field: string): Record<string, string | string[]> {
  const value = event[field];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new BadEventError(`${field} must be an object`);
  const entries: [string, string | string[]][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string') entries.push([key, item]);
    else if (Array.isArray(item) && item.every((entry) => typeof entry === 'string')) entries.push([key, item]);
    else if (typeof item === 'number' || typeof item === 'boolean') entries.push([key, String(item)]);
    else throw new BadEventError(`${field}.${key} must be a string`);
  }
  return Object.fromEntries(entries);
}

/** Lower-cases header names, merging duplicates that differ only in case; names like `constructor` or `__proto__` stay plain entries. */
export function lowerCaseHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const merged = new Map<string, string | string[]>();
  // Lists this function made, grown in place: copying one per duplicate made 2^15 spellings of a name cost minutes.
  const grown = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, value);
    else if (grown.has(key)) for (const item of [value].flat()) (seen as string[]).push(item);
    else {
      merged.set(key, [seen, value].flat());
      grown.add(key);
    }
  }
  return Object.fromEntries(merged);
}
