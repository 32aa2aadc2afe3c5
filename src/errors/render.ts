import { STATUS_CODES } from 'node:http';
import { HttpError } from './http-errors.js';

interface ErrorBody {
  error: { status: number; message: string; requestId: string; details?: unknown };
}

interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

/** Errors from Koa's ctx.throw / http-errors carry a status and an expose flag; honour them. */
export function statusOf(err: unknown): number {
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as any)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

/** The response headers an error carries (`Allow` on a 405): whoever answers for the error sends them. */
export function errorHeaders(err: unknown): Record<string, string> {
  return { ...((err as { headers?: Record<string, string> } | null)?.headers ?? {}) };
}

/** Turns any thrown value into the one JSON error shape. 5xx details stay hidden in prod. */
export function renderError(err: unknown, requestId: string, hideInternals: boolean): RenderedError {
  const status = statusOf(err);
  const exposed = err instanceof HttpError ? err.expose : status < 500 && (err as any)?.expose !== false;
  const internalHidden = !exposed && hideInternals;
  const message = internalHidden ? STATUS_CODES[status] ?? 'Error' : String((err as Error)?.message ?? err);
  const body: ErrorBody = { error: { status, message, requestId } };
  const details = (err as { details?: unknown } | null)?.details;
  if (details !== undefined && !internalHidden) body.error.details = details;
  if (!exposed && !hideInternals && err instanceof Error && err.stack) body.error.details ??= { stack: err.stack.split('\n') };
  return { status, headers: errorHeaders(err), body };
}
