import { randomUUID } from 'node:crypto';
import { BadRequestError } from '../../src/errors/http-errors.js';
import { renderError } from '../../src/errors/render.js';
import { type WickHttpResponse } from '../../src/functions/model.js';

/** A platform payload the adapter cannot turn into a request or event: the caller's mistake, a 400. */
export class BadEventError extends BadRequestError {
  readonly code = 'WICK_ERR_BAD_EVENT';
  constructor(message: string) {
    super(`malformed event: ${message}`);
  }
}

/** The JSON error body every mode uses, as a normalized response, for errors raised before the app runs. */
export function errorResponse(err: unknown, requestId: string = randomUUID()): WickHttpResponse {
  const rendered = renderError(err, requestId, true);
  return {
    status: rendered.status,
    headers: { ...rendered.headers, 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
    body: Buffer.from(JSON.stringify(rendered.body)),
  };
}

export function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a field that must be a string (or absent when optional), naming it in the error. */
export function stringField(event: Record<string, unknown>, field: string, optional = false): string | undefined {
  const value = event[field];
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new BadEventError(`${field} is missing`);
  }
  if (typeof value !== 'string') throw new BadEventError(`${field} must be a string, got ${typeof value}`);
  return value;
}

/** Header and query maps: an object of strings (or string lists), or absent. */
export function stringMap(event: Record<string, unknown>, field: string): Record<string, string | string[]> {
  const value = event[field];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new BadEventError(`${field} must be an object`);
  const out: Record<string, string | string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string') out[key] = item;
    else if (Array.isArray(item) && item.every((entry) => typeof entry === 'string')) out[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
    else throw new BadEventError(`${field}.${key} must be a string`);
  }
  return out;
}

/** Lower-cases header names, merging duplicates that differ only in case. */
export function lowerCaseHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    out[key] = key in out ? [out[key], value].flat() : value;
  }
  return out;
}
