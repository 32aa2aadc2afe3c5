import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { encodeBody } from '../common/body.js';
import { type TencentApiGatewayResult, type TencentFunctionUrlResult } from './types.js';

/**
 * The documented header map is string to string. Repeated headers are comma-joined (RFC 9110), except
 * Set-Cookie, which cannot be joined: several cookies go out as a list under `set-cookie`, the form the
 * API Gateway answers with one Set-Cookie line each (serverless-components/tencent-express#7). Case
 * variants (`Set-Cookie`, `set-Cookie`) collapse to the last one on this gateway, so they are no way out.
 */
function platformHeaders(headers: Record<string, HeaderValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'set-cookie') out[name] = [value].flat().join(', ');
    else if (value.length > 0) out[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  return out;
}

/** API Gateway integration response: `{ isBase64Encoded, statusCode, headers, body }`; binary bodies in base64. */
export function toApiGatewayResult(response: WickHttpResponse): TencentApiGatewayResult {
  const { body, isBase64Encoded } = encodeBody(response.body, response.headers);
  return { isBase64Encoded, statusCode: response.status, headers: platformHeaders(response.headers), body };
}

/**
 * Function URL response: `{ statusCode, headers, body, isBase64Encoded }`. Always carrying `statusCode` keeps the
 * platform from its fallback of sending the whole returned object as a JSON body.
 */
export function toFunctionUrlResult(response: WickHttpResponse): TencentFunctionUrlResult {
  const { body, isBase64Encoded } = encodeBody(response.body, response.headers);
  return { statusCode: response.status, headers: platformHeaders(response.headers), body, isBase64Encoded };
}
