import { STATUS_CODES } from 'node:http';

interface ErrorOptions {
  cause?: unknown;
}

/** Midway's base error: a message, a code (string), an optional cause. */
export class MidwayError extends Error {
  code: string;

  constructor(message: string, code?: string | ErrorOptions, options?: ErrorOptions) {
    const ownCode = typeof code === 'string' ? code : undefined;
    super(message, typeof code === 'object' ? code : options);
    this.name = new.target.name;
    this.code = ownCode ?? 'MIDWAY_10000';
  }
}

/** A message, or an object carrying one (Midway's `ResOrMessage`). */
export type ResOrMessage = string | { message: string } | undefined;

function messageOf(resOrMessage: ResOrMessage, status: number): string {
  if (resOrMessage === undefined || resOrMessage === '') return STATUS_CODES[status] ?? 'Error';
  return typeof resOrMessage === 'string' ? resOrMessage : resOrMessage.message;
}

/**
 * An error meant for the client: its status and message go into the JSON error body. `expose` is false
 * for 5xx, whose message is hidden in `prod`. One class under two names, so filters and `instanceof` see
 * one hierarchy: Wick's `new HttpError(status, message?, details?, headers?)` and Midway's
 * `new MidwayHttpError(resOrMessage, status, code?, options?)` both build it.
 */
export class HttpError extends MidwayError {
  readonly status: number;
  readonly details?: unknown;
  readonly expose: boolean;
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers?: Record<string, string>;

  constructor(status: number, message?: string, details?: unknown, headers?: Record<string, string>);
  constructor(resOrMessage: ResOrMessage, status?: number, code?: string, options?: ErrorOptions);
  constructor(first: number | ResOrMessage, second?: number | string, third?: unknown, fourth?: Record<string, string> | ErrorOptions) {
    const wickOrder = typeof first === 'number';
    const status = wickOrder ? first : typeof second === 'number' ? second : 500;
    const message = messageOf(wickOrder ? (second as string | undefined) : first, status);
    super(message, wickOrder ? String(status) : ((third as string | undefined) ?? String(status)), wickOrder ? undefined : (fourth as ErrorOptions));
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`HttpError status must be 400-599, got ${status}`);
    this.status = status;
    this.expose = status < 500;
    if (wickOrder) {
      this.details = third;
      this.headers = fourth as Record<string, string> | undefined;
    }
    const stack = typeof first === 'object' ? (first as { stack?: unknown }).stack : undefined;
    if (typeof stack === 'string') this.stack = stack;
  }
}

/** Midway's name for the same class. */
export const MidwayHttpError = HttpError;
export type MidwayHttpError = HttpError;

/** An HttpError subclass for one status: `new NotFoundError(resOrMessage?, details?)`. */
type StatusErrorClass = new (resOrMessage?: ResOrMessage, details?: unknown) => HttpError;

function httpErrorClass(status: number, name: string): StatusErrorClass {
  const ErrorClass = class extends HttpError {
    constructor(resOrMessage?: ResOrMessage, details?: unknown) {
      super(status, messageOf(resOrMessage, status), details);
    }
  };
  Object.defineProperty(ErrorClass, 'name', { value: name });
  return ErrorClass;
}

export const BadRequestError = /* @__PURE__ */ httpErrorClass(400, 'BadRequestError');
export type BadRequestError = InstanceType<typeof BadRequestError>;
export const UnauthorizedError = /* @__PURE__ */ httpErrorClass(401, 'UnauthorizedError');
export type UnauthorizedError = InstanceType<typeof UnauthorizedError>;
export const ForbiddenError = /* @__PURE__ */ httpErrorClass(403, 'ForbiddenError');
export type ForbiddenError = InstanceType<typeof ForbiddenError>;
export const NotFoundError = /* @__PURE__ */ httpErrorClass(404, 'NotFoundError');
export type NotFoundError = InstanceType<typeof NotFoundError>;
export const NotAcceptableError = /* @__PURE__ */ httpErrorClass(406, 'NotAcceptableError');
export type NotAcceptableError = InstanceType<typeof NotAcceptableError>;
export const RequestTimeoutError = /* @__PURE__ */ httpErrorClass(408, 'RequestTimeoutError');
export type RequestTimeoutError = InstanceType<typeof RequestTimeoutError>;
export const ConflictError = /* @__PURE__ */ httpErrorClass(409, 'ConflictError');
export type ConflictError = InstanceType<typeof ConflictError>;
export const GoneError = /* @__PURE__ */ httpErrorClass(410, 'GoneError');
export type GoneError = InstanceType<typeof GoneError>;
export const PayloadTooLargeError = /* @__PURE__ */ httpErrorClass(413, 'PayloadTooLargeError');
export type PayloadTooLargeError = InstanceType<typeof PayloadTooLargeError>;
export const UnsupportedMediaTypeError = /* @__PURE__ */ httpErrorClass(415, 'UnsupportedMediaTypeError');
export type UnsupportedMediaTypeError = InstanceType<typeof UnsupportedMediaTypeError>;
export const UnprocessableEntityError = /* @__PURE__ */ httpErrorClass(422, 'UnprocessableEntityError');
export type UnprocessableEntityError = InstanceType<typeof UnprocessableEntityError>;
export const TooManyRequestsError = /* @__PURE__ */ httpErrorClass(429, 'TooManyRequestsError');
export type TooManyRequestsError = InstanceType<typeof TooManyRequestsError>;
export const InternalServerError = /* @__PURE__ */ httpErrorClass(500, 'InternalServerError');
export type InternalServerError = InstanceType<typeof InternalServerError>;
export const NotImplementedError = /* @__PURE__ */ httpErrorClass(501, 'NotImplementedError');
export type NotImplementedError = InstanceType<typeof NotImplementedError>;
export const BadGatewayError = /* @__PURE__ */ httpErrorClass(502, 'BadGatewayError');
export type BadGatewayError = InstanceType<typeof BadGatewayError>;
export const ServiceUnavailableError = /* @__PURE__ */ httpErrorClass(503, 'ServiceUnavailableError');
export type ServiceUnavailableError = InstanceType<typeof ServiceUnavailableError>;
export const GatewayTimeoutError = /* @__PURE__ */ httpErrorClass(504, 'GatewayTimeoutError');
export type GatewayTimeoutError = InstanceType<typeof GatewayTimeoutError>;

/** 405. Given the allowed methods (as the router does) it also sets `Allow`; given a message, as Midway's. */
export class MethodNotAllowedError extends HttpError {
  constructor(allowedOrMessage?: string[] | ResOrMessage) {
    if (Array.isArray(allowedOrMessage)) super(405, undefined, undefined, { Allow: allowedOrMessage.join(', ') });
    else super(405, messageOf(allowedOrMessage, 405));
  }
}

/** Midway's `httpError` namespace: the same classes as the named exports. */
export const httpError = {
  BadRequestError,
  UnauthorizedError,
  NotFoundError,
  ForbiddenError,
  MethodNotAllowedError,
  NotAcceptableError,
  RequestTimeoutError,
  ConflictError,
  GoneError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnprocessableEntityError,
  TooManyRequestsError,
  InternalServerError,
  /** Midway's spelling of InternalServerError. */
  InternalServerErrorError: InternalServerError,
  NotImplementedError,
  BadGatewayError,
  ServiceUnavailableError,
  GatewayTimeoutError,
};

/** Midway's status names, for `new MidwayHttpError('...', HttpStatus.BAD_REQUEST)`; a plain object, so bundles that do not use it drop it. */
export const HttpStatus = {
  OK: 200,
  CREATED: 201,
  ACCEPTED: 202,
  NO_CONTENT: 204,
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  NOT_MODIFIED: 304,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;
export type HttpStatus = (typeof HttpStatus)[keyof typeof HttpStatus];
