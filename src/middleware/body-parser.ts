import getRawBody from 'raw-body';
import { parse as parseContentType } from 'content-type';
import qs from 'qs';
import { BadRequestError, HttpError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/http-errors.js';
import { type Context, type KoaMiddleware } from '../http/context.js';

export interface BodyParserOptions {
  /** Largest accepted body, bytes or a string like '1mb'. */
  limit?: number | string;
  json?: boolean;
  urlencoded?: boolean;
  text?: boolean;
}

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Drops keys that could reach an object's prototype once the body is merged or assigned somewhere. */
function withoutDangerousKeys(key: string, value: unknown): unknown {
  return DANGEROUS_KEYS.has(key) ? undefined : value;
}

function sanitize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), withoutDangerousKeys);
}

function charsetOf(header: string | undefined): string {
  try {
    return parseContentType(header ?? '').parameters.charset?.toLowerCase() ?? 'utf-8';
  } catch {
    throw new BadRequestError(`malformed content-type header: ${JSON.stringify(header)}`);
  }
}

function readError(err: any, limit: number | string): HttpError {
  if (err?.type === 'entity.too.large') return new PayloadTooLargeError(`request body exceeds the ${limit} limit`);
  if (err?.type === 'encoding.unsupported') return new UnsupportedMediaTypeError(err.message);
  return new BadRequestError(`could not read request body: ${err?.message ?? err}`);
}

/** Parses JSON, urlencoded and text bodies into `ctx.request.body`; other types are left as a stream. */
export function bodyParser(options: BodyParserOptions = {}): KoaMiddleware {
  const { limit = '1mb', json = true, urlencoded = true, text = true } = options;
  const enabled = { json, urlencoded, text };
  return async (ctx, next) => {
    if (!ctx.request.length && !ctx.get('transfer-encoding')) return next();
    const kind = bodyKind(ctx);
    if (!kind || !enabled[kind]) return next();
    let raw: string;
    try {
      raw = await getRawBody(ctx.req, { length: ctx.request.length, limit, encoding: charsetOf(ctx.get('content-type')) });
    } catch (err) {
      throw readError(err, limit);
    }
    ctx.request.rawBody = raw;
    if (kind === 'urlencoded') ctx.request.body = sanitize(qs.parse(raw, { depth: 5, parameterLimit: 1000 }));
    else if (kind === 'text') ctx.request.body = raw;
    else ctx.request.body = parseJson(raw);
    return next();
  };
}

function bodyKind(ctx: Context): 'json' | 'urlencoded' | 'text' | null {
  if (ctx.request.is('json', '+json')) return 'json';
  if (ctx.request.is('urlencoded')) return 'urlencoded';
  return ctx.request.is('text/*') ? 'text' : null;
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw, withoutDangerousKeys);
  } catch (err) {
    throw new BadRequestError(`malformed JSON body: ${(err as Error).message}`);
  }
}
