import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { isObject, nonEmptyString, stringMap, type Fields } from '../common/errors.js';
import { HttpEventProcessor, processorFor } from '../common/request.js';
import { toApiGatewayResult, toFunctionUrlResult } from './response.js';
import { type TencentHttpResult } from './types.js';

/*
 * HTTP events: the API Gateway trigger and the Function URL. Both carry the same request fields; they differ in
 * how they are recognised, where the client IP and the request id are, and the result format.
 */

function firstString(value: unknown): string | undefined {
  return nonEmptyString(Array.isArray(value) ? value[0] : value);
}

function sourceIp(event: Fields): string | undefined {
  return isObject(event.requestContext) ? firstString(event.requestContext.sourceIp) : undefined;
}

/** Both shapes keep the method and path at the top level (the base class reads them there), and the query alike. */
abstract class TencentHttpProcessor extends HttpEventProcessor<TencentHttpResult> {
  /** `queryString` is the full query the client sent; `queryStringParameters` only holds what the API declares. */
  protected query(event: Fields): Record<string, HeaderValue> {
    return stringMap(event, event.queryString == null ? 'queryStringParameters' : 'queryString');
  }
}

class ApiGatewayProcessor extends TencentHttpProcessor {
  readonly shape = 'API Gateway';

  /** Only the gateway sends a requestContext naming its service; `stage` stays there and never prefixes `path`. */
  matches(event: Fields): boolean {
    return isObject(event.requestContext) && 'serviceId' in event.requestContext;
  }

  override requestId(event: Fields): string | undefined {
    return firstString((event.requestContext as Fields).requestId);
  }

  toResult(response: WickHttpResponse): TencentHttpResult {
    return toApiGatewayResult(response);
  }

  protected override remoteAddress(event: Fields): string | undefined {
    return sourceIp(event);
  }
}

class FunctionUrlProcessor extends TencentHttpProcessor {
  readonly shape = 'Function URL';

  /** No gateway context: a method, or a path with headers or a query, is what makes it HTTP. */
  matches(event: Fields): boolean {
    return 'httpMethod' in event || ('path' in event && ('headers' in event || 'queryString' in event));
  }

  override requestId(event: Fields): string | undefined {
    return isObject(event.headers) ? firstString(event.headers['x-scf-request-id']) : undefined;
  }

  toResult(response: WickHttpResponse): TencentHttpResult {
    return toFunctionUrlResult(response);
  }

  /** The documented place is the `x-scf-remote-addr` header; later events also carry `requestContext.sourceIp`. */
  protected override remoteAddress(event: Fields, headers: Record<string, HeaderValue>): string | undefined {
    return firstString(headers['x-scf-remote-addr']) ?? sourceIp(event);
  }
}

export type HttpProcessor = HttpEventProcessor<TencentHttpResult>;

const HTTP_PROCESSORS: HttpProcessor[] = [new ApiGatewayProcessor(), new FunctionUrlProcessor()];

/** The processor for an HTTP-shaped event, or undefined when the event is not an HTTP request at all. */
export function httpProcessorFor(event: unknown): HttpProcessor | undefined {
  return processorFor(HTTP_PROCESSORS, event);
}
