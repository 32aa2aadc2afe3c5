import busboy from 'busboy';
import { type AppConfig } from '../config/load.js';
import { BadRequestError, PayloadTooLargeError } from '../errors/http-errors.js';
import { DANGEROUS_KEYS } from '../middleware/body-parser.js';
import { parseSize } from '../middleware/read-body.js';
import { type Context, type UploadFileInfo } from './context.js';
import { type ArgumentCompiler } from './route.js';

/** Sizes in bytes or as `'10mb'`; counts as numbers. Midway's `busboy` (or older `upload`) config key, flat or under `limits`. */
export interface MultipartLimits {
  /** Largest file (default `10mb`, as Midway). */
  fileSize?: number | string;
  /** Most files in one body (default 10). */
  files?: number;
  /** Most text fields (default 100). */
  fields?: number;
  /** Most parts, files and fields together (default: no limit beyond those two). */
  parts?: number;
  /** Longest text field (default `1mb`). */
  fieldSize?: number | string;
  /** Largest body, every file and field together (default `20mb`). */
  totalSize?: number | string;
}

export interface MultipartConfig extends MultipartLimits {
  limits?: MultipartLimits;
}

interface Limits {
  fileSize: number;
  files: number;
  fields: number;
  parts: number;
  fieldSize: number;
  totalSize: number;
  /** As configured, for messages. */
  written: Record<'fileSize' | 'fieldSize' | 'totalSize', string>;
}

const DEFAULTS = { fileSize: '10mb', files: 10, fields: 100, parts: Infinity, fieldSize: '1mb', totalSize: '20mb' } satisfies MultipartLimits;

function limitsFrom(config: AppConfig): Limits {
  const section: MultipartConfig = { ...config.upload, ...config.busboy };
  const merged = { ...DEFAULTS, ...pick(section), ...pick(section.limits ?? {}) };
  const written = (value: number | string) => (typeof value === 'number' ? `${value} bytes` : value);
  return {
    fileSize: parseSize(merged.fileSize),
    files: merged.files,
    fields: merged.fields,
    parts: merged.parts,
    fieldSize: parseSize(merged.fieldSize),
    totalSize: parseSize(merged.totalSize),
    written: { fileSize: written(merged.fileSize), fieldSize: written(merged.fieldSize), totalSize: written(merged.totalSize) },
  };
}

function pick(limits: MultipartLimits): MultipartLimits {
  const keys = ['fileSize', 'files', 'fields', 'parts', 'fieldSize', 'totalSize'] as const;
  return Object.fromEntries(keys.filter((key) => limits[key] !== undefined).map((key) => [key, limits[key]]));
}

interface Upload {
  files: UploadFileInfo[];
  fields: Record<string, string | string[]>;
}

/**
 * Reads the whole multipart body into memory within the limits. Past a limit the rest of the body is drained,
 * not kept, so the client gets its 413 and the process never holds more than the limits allow.
 */
function readMultipart(ctx: Context, limits: Limits): Promise<Upload> {
  const upload: Upload = { files: [], fields: {} };
  if (!ctx.is('multipart')) return Promise.resolve(upload);
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    let settled = false;
    let parser: busboy.Busboy | undefined;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      if (parser) req.unpipe(parser);
      req.resume();
      reject(err);
    };
    const declared = Number(req.headers['content-length']);
    if (declared > limits.totalSize) return fail(new PayloadTooLargeError(`multipart body exceeds the ${limits.written.totalSize} limit`));
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limits.fileSize, files: limits.files, fields: limits.fields, parts: limits.parts, fieldSize: limits.fieldSize },
      });
    } catch (err) {
      return fail(new BadRequestError(`malformed multipart body: ${(err as Error).message}`));
    }
    let received = 0;
    const count = (bytes: number) => {
      received += bytes;
      if (received > limits.totalSize) fail(new PayloadTooLargeError(`multipart body exceeds the ${limits.written.totalSize} limit`));
    };
    parser.on('file', (fieldName, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        count(chunk.length);
        if (!settled) chunks.push(chunk);
      });
      stream.once('limit', () => fail(new PayloadTooLargeError(`file ${JSON.stringify(info.filename)} exceeds the ${limits.written.fileSize} file size limit`)));
      stream.once('end', () => {
        if (settled) return;
        upload.files.push({ filename: info.filename ?? '', fieldName, mimeType: info.mimeType, encoding: info.encoding, data: Buffer.concat(chunks) });
      });
    });
    parser.on('field', (name, value, info) => {
      count(Buffer.byteLength(value));
      if (info.valueTruncated) return fail(new PayloadTooLargeError(`field ${JSON.stringify(name)} exceeds the ${limits.written.fieldSize} field size limit`));
      if (DANGEROUS_KEYS.has(name)) return;
      const existing = upload.fields[name];
      upload.fields[name] = existing === undefined ? value : [existing, value].flat();
    });
    parser.once('filesLimit', () => fail(new PayloadTooLargeError(`more than ${limits.files} files`)));
    parser.once('fieldsLimit', () => fail(new PayloadTooLargeError(`more than ${limits.fields} form fields`)));
    parser.once('partsLimit', () => fail(new PayloadTooLargeError(`more than ${limits.parts} parts`)));
    parser.once('error', (err) => fail(new BadRequestError(`malformed multipart body: ${(err as Error).message}`)));
    parser.once('close', () => {
      if (settled) return;
      settled = true;
      resolve(upload);
    });
    req.once('error', (err) => fail(new BadRequestError(`could not read request body: ${err.message}`)));
    req.pipe(parser);
  });
}

/** The body is read once per request, whichever @Files/@Fields parameter asks first. */
const reading = new WeakMap<Context, Promise<void>>();

/**
 * Makes `@Files()`/`@Fields()` parameters read the multipart body first (into `ctx.files` and `ctx.fields`).
 * Only artifacts with such parameters import this module, and with it busboy.
 */
export function multipartArguments(config: AppConfig): ArgumentCompiler {
  const limits = limitsFrom(config);
  const read = (ctx: Context): Promise<void> => {
    let pending = reading.get(ctx);
    if (!pending) {
      pending = readMultipart(ctx, limits).then(({ files, fields }) => {
        ctx.files = files;
        ctx.fields = fields;
      });
      reading.set(ctx, pending);
    }
    return pending;
  };
  return (param, _declaredType, extractor) => {
    if (param.source !== 'files' && param.source !== 'fields') return extractor;
    return { extract: async (ctx, instance) => (await read(ctx), extractor.extract(ctx, instance)), awaits: true };
  };
}
