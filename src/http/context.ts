import type Koa from 'koa';

declare module 'koa' {
  interface Request {
    /** Parsed by the body parser: JSON, urlencoded fields or text. */
    body?: unknown;
    /** The body as received, kept for signature checks. */
    rawBody?: string;
  }
}

export interface WickContextExtensions {
  /** The id echoed in `x-request-id` and in every error body. */
  requestId: string;
  /** Route parameters, filled by the router. */
  params: Record<string, string>;
}

/** Koa's context, the same object in server and function mode, plus `requestId`. */
export type Context = Koa.ParameterizedContext<Koa.DefaultState, WickContextExtensions>;

export type Next = () => Promise<unknown>;

export type KoaMiddleware = (ctx: Context, next: Next) => unknown;
