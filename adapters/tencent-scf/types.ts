/**
 * Tencent Cloud SCF payloads as documented: "触发器事件消息结构汇总" (cloud.tencent.com/document/product/583/31927),
 * the API Gateway trigger (583/12513) and Function URL (583/96099) pages. Fields are optional where the
 * adapter checks them at runtime rather than trusting the platform.
 */

/** API Gateway trigger, integration request ("集成请求"). */
interface TencentApiGatewayEvent {
  requestContext: {
    serviceId: string;
    /** The API's route template, e.g. `/test/{path}`; the actual path is the top-level `path`. */
    path?: string;
    /** The API's configured method (may be `ANY`); the actual method is the top-level `httpMethod`. */
    httpMethod?: string;
    requestId?: string;
    identity?: Record<string, unknown>;
    sourceIp?: string;
    /** `test`, `prepub` or `release`: never part of `path`. */
    stage?: string;
  };
  httpMethod: string;
  /** The actual request path, without the stage. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Present when the API has Base64 encoding on: a boolean, or its string form. */
  isBase64Encoded?: boolean | 'true' | 'false';
  /** The full actual query; a repeated key carries a list. */
  queryString?: Record<string, string | string[]>;
  /** Only the query parameters configured on the API. */
  queryStringParameters?: Record<string, string>;
  /** Only the header parameters configured on the API. */
  headerParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
}

/**
 * Function URL for an event function: the API Gateway protocol without `headerParameters`, `isBase64Encoded`,
 * `pathParameters`, `queryStringParameters` and `requestContext`; the client IP is the `x-scf-remote-addr` header.
 */
interface TencentFunctionUrlEvent {
  httpMethod: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  queryString?: Record<string, string | string[]>;
  /** Not in the documented sample, but part of the API Gateway protocol it follows: honoured when present. */
  isBase64Encoded?: boolean | 'true' | 'false';
  requestContext?: { sourceIp?: string };
}

type TencentHttpEvent = TencentApiGatewayEvent | TencentFunctionUrlEvent;

/** Timer trigger. */
interface TencentTimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** ISO 8601, e.g. `2019-02-21T11:49:00Z`. */
  Time: string;
  /** The message configured on the trigger. */
  Message?: string;
}

/** COS trigger: one record per object event. */
interface TencentCosRecord {
  cos: {
    cosSchemaVersion?: string;
    cosObject: {
      url?: string;
      meta?: Record<string, string>;
      vid?: string;
      /** `/<appid>/<bucket>/<URL-encoded object key>`. */
      key: string;
      size?: number;
    };
    cosBucket: { region?: string; name: string; appid?: string };
    cosNotificationId?: string;
  };
  event: {
    /** e.g. `cos:ObjectCreated:*`. */
    eventName: string;
    eventVersion?: string;
    /** Unix time in seconds. */
    eventTime?: number;
    eventSource?: string;
    [key: string]: unknown;
  };
}

interface TencentCosEvent {
  Records: TencentCosRecord[];
}

/** API Gateway integration response ("集成响应"), key order as documented. */
export interface TencentApiGatewayResult {
  isBase64Encoded: boolean;
  statusCode: number;
  /** String values; only `set-cookie` becomes a list, and only when there are several cookies. */
  headers: Record<string, string | string[]>;
  body: string;
}

/** Function URL response, key order as documented (`isBase64Encoded` last). */
export interface TencentFunctionUrlResult {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export type TencentHttpResult = TencentApiGatewayResult | TencentFunctionUrlResult;

/** The second handler argument of the Node.js runtime (snake_case, unlike AWS). */
export interface TencentContext {
  request_id?: string;
  function_name?: string;
  function_version?: string;
  namespace?: string;
  memory_limit_in_mb?: number;
  time_limit_in_ms?: number;
  tencentcloud_region?: string;
  tencentcloud_appid?: string;
  tencentcloud_uin?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
  getRemainingTimeInMillis?(): number;
}
