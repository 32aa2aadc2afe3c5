import { STATUS_CODES } from 'node:http';
import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { encodeBody } from '../common/body.js';
import { type AlbResult, type ApiGatewayV1Result, type ApiGatewayV2Result, type SqsBatchResponse } from './types.js';

/** Several values of one header as a single field value (RFC 9110 list syntax). */
function joined(value: HeaderValue): string {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** REST API and HTTP API payload 1.0: single values in `headers`, repeated ones (several Set-Cookie) in `multiValueHeaders`. */
export function apiGatewayV1Result(response: WickHttpResponse): ApiGatewayV1Result {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const values = [value].flat();
    if (values.length > 1) multiValueHeaders[name] = values;
    else if (values.length) headers[name] = values[0];
  }
  return {
    statusCode: response.status,
    headers,
    ...(Object.keys(multiValueHeaders).length ? { multiValueHeaders } : {}),
    ...encodeBody(response.body, response.headers),
  };
}

/** HTTP API payload 2.0 and Function URLs: repeated headers comma-joined, every Set-Cookie in `cookies`. */
export function apiGatewayV2Result(response: WickHttpResponse): ApiGatewayV2Result {
  const { 'set-cookie': setCookie, ...rest } = response.headers;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) headers[name] = joined(value);
  const cookies = setCookie === undefined ? [] : [setCookie].flat();
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    ...encodeBody(response.body, response.headers),
  };
}

function statusDescription(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** ALB with multi-value headers enabled: the load balancer reads only `multiValueHeaders`. */
export function albMultiValueResult(response: WickHttpResponse): AlbResult {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) multiValueHeaders[name] = [value].flat();
  return {
    statusCode: response.status,
    statusDescription: statusDescription(response.status),
    multiValueHeaders,
    ...encodeBody(response.body, response.headers),
  };
}

/**
 * ALB in its default single-value mode reads only `headers`, one value per name. Set-Cookie values cannot be
 * comma-joined, so only the last one is sent: the same last-value rule the load balancer applies to requests.
 */
export function albSingleValueResult(response: WickHttpResponse): AlbResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const values = [value].flat();
    if (name !== 'set-cookie') headers[name] = joined(value);
    else if (values.length) headers[name] = values[values.length - 1];
  }
  return {
    statusCode: response.status,
    statusDescription: statusDescription(response.status),
    headers,
    ...encodeBody(response.body, response.headers),
  };
}

/** Lists only the failed messages, so SQS deletes the rest of the batch. */
export function sqsBatchResponse(failedMessageIds: string[]): SqsBatchResponse {
  return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
}
