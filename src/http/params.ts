import { BadRequestError } from '../errors/http-errors.js';
import { type ParamMetadata, type ParamSource } from '../decorators/web.js';
import { type Context } from './context.js';

/** How a handler argument is read from the context; `awaits` when extraction is asynchronous (validation). */
export interface ArgumentExtractor {
  /** `instance` is the object whose handler gets the argument (pipes see it as `target`). */
  extract: (ctx: Context, instance: object) => unknown;
  awaits: boolean;
}

type Read = (ctx: Context) => unknown;

const DESCRIBE: Record<ParamSource, string> = {
  query: 'query parameter',
  queries: 'query parameter',
  param: 'route parameter',
  body: 'body field',
  headers: 'header',
  session: 'session value',
  files: 'uploaded file',
  fields: 'form field',
  requestPath: 'request path',
  requestIP: 'client address',
  custom: 'parameter',
};

/** How messages name a parameter: `query parameter "page"`, `header`. */
export function describeParam(param: Pick<ParamMetadata, 'source' | 'name'>): string {
  return param.name === undefined ? DESCRIBE[param.source] : `${DESCRIBE[param.source]} "${param.name}"`;
}


/** Every value of a query key as an array, or every key's values. */
function queries(ctx: Context, name: string | undefined): unknown {
  const all = (value: unknown) => (value === undefined ? [] : [value].flat());
  if (name !== undefined) return all(ctx.query[name]);
  return Object.fromEntries(Object.entries(ctx.query).map(([key, value]) => [key, all(value)]));
}

function raw(param: ParamMetadata): Read {
  const { source, name } = param;
  switch (source) {
    case 'query':
      return name === undefined ? (ctx) => ctx.query : (ctx) => ctx.query[name];
    case 'queries':
      return (ctx) => queries(ctx, name);
    case 'param':
      return name === undefined ? (ctx) => ctx.params : (ctx) => ctx.params[name];
    case 'body':
      return name === undefined ? (ctx) => ctx.request.body : (ctx) => (ctx.request.body as any)?.[name];
    case 'headers': {
      const header = name?.toLowerCase();
      return header === undefined ? (ctx) => ctx.headers : (ctx) => ctx.headers[header];
    }
    case 'session':
      return name === undefined ? (ctx) => ctx.session : (ctx) => ctx.session?.[name];
    case 'requestPath':
      return (ctx) => ctx.path;
    case 'requestIP':
      return (ctx) => ctx.ip;
    case 'custom':
      return param.getter!;
    // Set by the multipart hook (src/http/multipart.ts), which reads the body first.
    case 'files':
      return name === undefined ? (ctx) => ctx.files : (ctx) => ctx.files!.filter((file) => file.fieldName === name);
    case 'fields':
      return name === undefined ? (ctx) => ctx.fields : (ctx) => ctx.fields![name];
  }
}

function single(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/** `true`/`1`/`false`/`0` in any case; undefined for anything else. */
export function booleanFromText(text: string): boolean | undefined {
  return BOOLEANS[text.trim().toLowerCase()];
}

/** A finite number written as text; undefined for anything else (never NaN). */
export function numberFromText(text: string): number | undefined {
  const number = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(number) ? number : undefined;
}

/** Converts text input to the declared primitive type; garbage is the client's fault, so a 400. */
function converter(type: unknown, label: string): ((value: unknown) => unknown) | null {
  if (type === Number) {
    return (value) => {
      if (value === undefined || typeof value === 'number') return value;
      const number = numberFromText(String(single(value)));
      if (number === undefined) throw new BadRequestError(`${label} must be a number, got ${JSON.stringify(single(value))}`);
      return number;
    };
  }
  if (type === Boolean) {
    return (value) => {
      if (value === undefined || typeof value === 'boolean') return value;
      const converted = booleanFromText(String(single(value)));
      if (converted === undefined) throw new BadRequestError(`${label} must be true or false, got ${JSON.stringify(single(value))}`);
      return converted;
    };
  }
  if (type === String) return (value) => (value === undefined || typeof value === 'string' ? value : String(single(value)));
  return null;
}

/** Text sources whose named values are converted to the declared primitive type. */
const CONVERTED = new Set<ParamSource>(['query', 'param', 'body', 'headers', 'fields']);

/** One extractor per parameter, decided at bootstrap; hooks such as DTO validation wrap it. */
export function compileArgument(param: ParamMetadata, declaredType: unknown): ArgumentExtractor {
  const read = raw(param);
  if (param.source === 'custom') return { extract: read, awaits: true };
  const convert = param.name === undefined || !CONVERTED.has(param.source) ? null : converter(declaredType, describeParam(param));
  return { extract: convert ? (ctx) => convert(read(ctx)) : read, awaits: false };
}
