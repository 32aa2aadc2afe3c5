import type Koa from 'koa';
import { type Logger } from '../logging/logger.js';

declare module 'koa' {
  interface Request {
    /** Parsed by the body parser: JSON, urlencoded fields or text. */
    body?: unknown;
    /** The body as received, kept for signature checks. */
    rawBody?: string;
  }
  interface BaseContext {
    /** The cookie session, when config `keys` is set (koa-session); assign `null` to end it. */
    session: Record<string, any>;
    /** A multipart body's files, once a `@Files()`/`@Fields()` parameter has read it (as Midway's upload sets them). */
    files?: UploadFileInfo<string | Buffer>[];
    /** A multipart body's text fields; a repeated name gives an array. */
    fields?: Record<string, string | string[]>;
  }
}

/** One uploaded file: `data` is a temporary file's path in the default `file` mode (as Midway), the bytes in `buffer` mode. */
export interface UploadFileInfo<Data extends string | Buffer = string> {
  filename: string;
  /** The form field the file came in. */
  fieldName: string;
  mimeType: string;
  encoding: string;
  data: Data;
}

interface WickContextExtensions {
  /** The id echoed in `x-request-id` and in every error body. */
  requestId: string;
  /** The app's logger for this request: every line carries `requestId`. */
  logger: Logger;
  /** Route parameters, filled by the router. */
  params: Record<string, string>;
}

/** Koa's context, the same object in server and function mode, plus `requestId`. */
export type Context = Koa.ParameterizedContext<Koa.DefaultState, WickContextExtensions>;

export type Next = () => Promise<unknown>;

export type KoaMiddleware = (ctx: Context, next: Next) => unknown;
