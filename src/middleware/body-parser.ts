import { parse as parseContentType } from 'content-type';
import { BadRequestError, PayloadTooLargeError } from '../errors/http-errors.js';
import { type Context, type KoaMiddleware } from '../http/context.js';
import { FieldCollector, parameterLimit } from '../http/form-fields.js';
import { DANGEROUS_KEYS, readText } from '../http/request-body.js';

export interface BodyParserOptions {
  /** Largest accepted body, bytes or a string like '1mb'. */
  limit?: number | string;
  json?: boolean;
  urlencoded?: boolean;
  text?: boolean;
  /** Midway's name: the most fields one urlencoded body may carry (default 1000, as body-parser and qs). */
  queryString?: { parameterLimit?: number };
}

function withoutDangerousKeys(key: string, value: unknown): unknown {
  return DANGEROUS_KEYS.has(key) ? undefined : value;
}

const tooManyFields = (max: number) => new PayloadTooLargeError(`the form body has more than ${max} fields (config bodyParser.queryString.parameterLimit)`);

/** Flat fields, a repeated key as an array (as Fastify's formbody does); prototype keys are dropped. */
function parseUrlencoded(raw: string, limit: number): Record<string, string | string[]> {
  const fields = new FieldCollector({ max: limit, error: tooManyFields });
  for (const [key, value] of new URLSearchParams(raw)) {
    if (!DANGEROUS_KEYS.has(key)) fields.add(key, value);
  }
  return fields.toObject();
}

function charsetOf(header: string | undefined): string {
  try {
    return parseContentType(header ?? '').parameters.charset?.toLowerCase() ?? 'utf-8';
  } catch {
    throw new BadRequestError(`malformed content-type header: ${JSON.stringify(header)}`);
  }
}

/** Parses JSON, urlencoded and text bodies into `ctx.request.body`; other types are left as a stream. */
export function bodyParser(options: BodyParserOptions = {}): KoaMiddleware {
  const { limit = '1mb', json = true, urlencoded = true, text = true } = options;
  const enabled = { json, urlencoded, text };
  const fieldLimit = parameterLimit(options.queryString?.parameterLimit, 'bodyParser.queryString.parameterLimit');
  return async (ctx, next) => {
    if (!ctx.request.length && !ctx.get('transfer-encoding')) return next();
    const kind = bodyKind(ctx);
    if (!kind || !enabled[kind]) return next();
    const raw = await readText(ctx.req, limit, charsetOf(ctx.get('content-type')));
    ctx.request.rawBody = raw;
    if (kind === 'urlencoded') ctx.request.body = parseUrlencoded(raw, fieldLimit);
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
    // The reviver walks the parsed value recursively: a body nested some thousands deep overflows the stack.
    if (err instanceof RangeError) throw new BadRequestError('malformed JSON body: nested too deeply');
    throw new BadRequestError(`malformed JSON body: ${(err as Error).message}`);
  }
}
