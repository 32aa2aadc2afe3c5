import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type Readable } from 'node:stream';
import busboy from 'busboy';
import { type AppConfig } from '../config/load.js';
import { BadRequestError, PayloadTooLargeError } from '../errors/http-errors.js';
import { FieldCollector } from './form-fields.js';
import { DANGEROUS_KEYS, parseSize } from './request-body.js';
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
  /**
   * `file` (the default, as Midway's): each file is written to `tmpdir` and `data` is its path, removed after
   * `cleanTimeout`; `buffer`: `data` holds the bytes. Midway's `stream` mode is not supported.
   */
  mode?: 'file' | 'buffer';
  /** Default `<os tmpdir>/wick-upload-files`. */
  tmpdir?: string;
  /** Milliseconds a temporary file is kept (default 5 minutes, as Midway). */
  cleanTimeout?: number;
  limits?: MultipartLimits;
}

interface Settings {
  mode: 'file' | 'buffer';
  tmpdir: string;
  cleanTimeout: number;
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

function pick(limits: MultipartLimits): MultipartLimits {
  const keys = ['fileSize', 'files', 'fields', 'parts', 'fieldSize', 'totalSize'] as const;
  return Object.fromEntries(keys.filter((key) => limits[key] !== undefined).map((key) => [key, limits[key]]));
}

function settingsFrom(config: AppConfig): Settings {
  const section: MultipartConfig = { ...config.upload, ...config.busboy };
  const merged = { ...DEFAULTS, ...pick(section), ...pick(section.limits ?? {}) };
  const mode = section.mode ?? 'file';
  if (mode !== 'file' && mode !== 'buffer') throw new Error(`busboy.mode ${JSON.stringify(mode)} is not supported: use 'file' (temporary files) or 'buffer'`);
  const written = (value: number | string) => (typeof value === 'number' ? `${value} bytes` : value);
  return {
    mode,
    tmpdir: section.tmpdir ?? join(tmpdir(), 'wick-upload-files'),
    cleanTimeout: section.cleanTimeout ?? 5 * 60 * 1000,
    fileSize: parseSize(merged.fileSize),
    files: merged.files,
    fields: merged.fields,
    parts: merged.parts,
    fieldSize: parseSize(merged.fieldSize),
    totalSize: parseSize(merged.totalSize),
    written: { fileSize: written(merged.fileSize), fieldSize: written(merged.fieldSize), totalSize: written(merged.totalSize) },
  };
}

interface Upload {
  files: UploadFileInfo<string | Buffer>[];
  fields: Record<string, string | string[]>;
}

/** Where one file's bytes go: memory, or a temporary file written as the bytes arrive. */
interface Sink {
  done: Promise<string | Buffer>;
  /** Stops writing and removes what was written. */
  discard(): void;
}

function bufferSink(stream: Readable): Sink {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { done: new Promise((resolve) => stream.once('end', () => resolve(Buffer.concat(chunks)))), discard: () => (chunks.length = 0) };
}

function fileSink(stream: Readable, dir: string, filename: string): Sink {
  const path = join(dir, `${randomUUID()}${extname(filename).slice(0, 16)}`);
  const out = createWriteStream(path);
  stream.pipe(out);
  const done = new Promise<string>((resolve, reject) => {
    out.once('finish', () => resolve(path));
    out.once('error', (err) => reject(new Error(`could not write the upload to ${path}: ${err.message}`)));
  });
  done.catch(() => {});
  return {
    done,
    discard: () => {
      stream.unpipe(out);
      // Removed once closed: a file still being opened would otherwise appear after the unlink.
      const remove = () => unlink(path).catch(() => {});
      if (out.closed) remove();
      else out.once('close', remove).destroy();
    },
  };
}

/** Temporary files live for `cleanTimeout`, as in Midway; the timer never keeps the process alive. */
function scheduleCleanup(files: UploadFileInfo<string | Buffer>[], after: number): void {
  const paths = files.map((file) => file.data).filter((data): data is string => typeof data === 'string');
  if (paths.length === 0) return;
  setTimeout(() => paths.forEach((path) => unlink(path).catch(() => {})), after).unref();
}

/**
 * Reads the whole multipart body within the limits. Past a limit the rest of the body is drained, not kept, so
 * the client gets its 413 and the process never holds (or writes) more than the limits allow.
 */
async function readMultipart(ctx: Context, settings: Settings): Promise<Upload> {
  const upload: Upload = { files: [], fields: {} };
  if (!ctx.is('multipart')) return upload;
  if (settings.mode === 'file') await mkdir(settings.tmpdir, { recursive: true });
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    let settled = false;
    let parser: busboy.Busboy | undefined;
    const sinks: Sink[] = [];
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      if (parser) req.unpipe(parser);
      req.resume();
      sinks.forEach((sink) => sink.discard());
      reject(err);
    };
    const declared = Number(req.headers['content-length']);
    if (declared > settings.totalSize) return fail(new PayloadTooLargeError(`multipart body exceeds the ${settings.written.totalSize} limit`));
    try {
      const { fileSize, files, fields, parts, fieldSize } = settings;
      // Browsers send file names as UTF-8; busboy's default would read them as latin1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize, files, fields, parts, fieldSize } });
    } catch (err) {
      return fail(new BadRequestError(`malformed multipart body: ${(err as Error).message}`));
    }
    let received = 0;
    const count = (bytes: number) => {
      received += bytes;
      if (received > settings.totalSize) fail(new PayloadTooLargeError(`multipart body exceeds the ${settings.written.totalSize} limit`));
    };
    const written: Promise<unknown>[] = [];
    // busboy enforces the `fields` limit (fieldsLimit below).
    const fields = new FieldCollector();
    parser.on('file', (fieldName, stream, info) => {
      const filename = info.filename ?? '';
      stream.on('data', (chunk: Buffer) => count(chunk.length));
      stream.once('limit', () => fail(new PayloadTooLargeError(`file ${JSON.stringify(filename)} exceeds the ${settings.written.fileSize} file size limit`)));
      const sink = settings.mode === 'file' ? fileSink(stream, settings.tmpdir, filename) : bufferSink(stream);
      sinks.push(sink);
      const file = { filename, fieldName, mimeType: info.mimeType, encoding: info.encoding, data: '' as string | Buffer };
      upload.files.push(file);
      written.push(sink.done.then((data) => (file.data = data)));
    });
    parser.on('field', (name, value, info) => {
      count(Buffer.byteLength(value));
      if (info.valueTruncated) return fail(new PayloadTooLargeError(`field ${JSON.stringify(name)} exceeds the ${settings.written.fieldSize} field size limit`));
      if (!DANGEROUS_KEYS.has(name)) fields.add(name, value);
    });
    parser.once('filesLimit', () => fail(new PayloadTooLargeError(`more than ${settings.files} files`)));
    parser.once('fieldsLimit', () => fail(new PayloadTooLargeError(`more than ${settings.fields} form fields`)));
    parser.once('partsLimit', () => fail(new PayloadTooLargeError(`more than ${settings.parts} parts`)));
    parser.once('error', (err) => fail(new BadRequestError(`malformed multipart body: ${(err as Error).message}`)));
    parser.once('close', () => {
      Promise.all(written).then(
        () => {
          if (settled) return;
          settled = true;
          upload.fields = fields.toObject();
          scheduleCleanup(upload.files, settings.cleanTimeout);
          resolve(upload);
        },
        (err) => fail(err),
      );
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
  const settings = settingsFrom(config);
  const read = (ctx: Context): Promise<void> => {
    let pending = reading.get(ctx);
    if (!pending) {
      pending = readMultipart(ctx, settings).then(({ files, fields }) => {
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
