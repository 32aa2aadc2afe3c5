import { STATUS_CODES } from 'node:http';

/**
 * An error meant for the client: its status and message go into the JSON error body.
 * `expose` is false for 5xx, whose message is hidden in `prod`.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly details?: unknown;
  readonly expose: boolean;
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers?: Record<string, string>;

  constructor(status: number, message?: string, details?: unknown, headers?: Record<string, string>) {
    super(message ?? STATUS_CODES[status] ?? 'Error');
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`HttpError status must be 400-599, got ${status}`);
    this.name = new.target.name;
    this.status = status;
    this.details = details;
    this.expose = status < 500;
    this.headers = headers;
  }
}

function httpErrorClass(status: number, name: string) {
  const ErrorClass = class extends HttpError {
    constructor(message?: string, details?: unknown) {
      super(status, message, details);
    }
  };
  Object.defineProperty(ErrorClass, 'name', { value: name });
  return ErrorClass;
}

export const BadRequestError = httpErrorClass(400, 'BadRequestError');
export type BadRequestError = InstanceType<typeof BadRequestError>;
export const UnauthorizedError = httpErrorClass(401, 'UnauthorizedError');
export type UnauthorizedError = InstanceType<typeof UnauthorizedError>;
export const ForbiddenError = httpErrorClass(403, 'ForbiddenError');
export type ForbiddenError = InstanceType<typeof ForbiddenError>;
export const NotFoundError = httpErrorClass(404, 'NotFoundError');
export type NotFoundError = InstanceType<typeof NotFoundError>;
export const ConflictError = httpErrorClass(409, 'ConflictError');
export type ConflictError = InstanceType<typeof ConflictError>;
export const PayloadTooLargeError = httpErrorClass(413, 'PayloadTooLargeError');
export type PayloadTooLargeError = InstanceType<typeof PayloadTooLargeError>;
export const UnsupportedMediaTypeError = httpErrorClass(415, 'UnsupportedMediaTypeError');
export type UnsupportedMediaTypeError = InstanceType<typeof UnsupportedMediaTypeError>;
export const UnprocessableEntityError = httpErrorClass(422, 'UnprocessableEntityError');
export type UnprocessableEntityError = InstanceType<typeof UnprocessableEntityError>;
export const TooManyRequestsError = httpErrorClass(429, 'TooManyRequestsError');
export type TooManyRequestsError = InstanceType<typeof TooManyRequestsError>;
export const InternalServerError = httpErrorClass(500, 'InternalServerError');
export type InternalServerError = InstanceType<typeof InternalServerError>;

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: string[]) {
    super(405, 'Method Not Allowed', undefined, { Allow: allowed.join(', ') });
  }
}
