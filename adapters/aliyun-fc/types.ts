/**
 * Alibaba Cloud Function Compute 3.0 payloads as documented: "Use an HTTP trigger to invoke a function"
 * (help.aliyun.com/zh/functioncompute/fc-3-0/user-guide/http-trigger-invoking-function), "Formats of event for
 * different triggers" (help.aliyun.com/document_detail/70140.html) and the API Gateway trigger page
 * (help.aliyun.com/document_detail/85208.html). Fields are optional where the adapter checks them at runtime
 * rather than trusting the platform.
 */

/** FC 3.0 HTTP trigger, built-in runtime. Header names arrive canonicalized by Go's net/http (`Content-Type`). */
interface AliyunHttpTriggerEvent {
  version: 'v1';
  /** Percent-encoded path; `requestContext.http.path` is the decoded one. */
  rawPath: string;
  body?: string;
  /** Can be `true` with an empty body (a GET). */
  isBase64Encoded?: boolean;
  /** Repeated headers comma-joined in one value. */
  headers?: Record<string, string>;
  /** Decoded values; a repeated key comma-joined in one value. */
  queryParameters?: Record<string, string>;
  requestContext: {
    accountId?: string;
    domainName?: string;
    domainPrefix?: string;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
    requestId?: string;
    time?: string;
    /** Milliseconds, as a string. */
    timeEpoch?: string;
  };
}

/** API Gateway trigger in front of an event function ("入参透传", pass-through). */
interface AliyunApiGatewayEvent {
  path: string;
  httpMethod: string;
  /** All headers, gateway system headers (`X-Ca-*`) included. */
  headers?: Record<string, string>;
  queryParameters?: Record<string, string | string[]>;
  pathParameters?: Record<string, string>;
  body?: string;
  /** The schematic in the docs writes it as a string; captures show a boolean. */
  isBase64Encoded?: boolean | 'true' | 'false';
}

/** Timer trigger. */
export interface AliyunTimerEvent {
  triggerTime: string;
  triggerName: string;
  /** The "trigger message" configured on the trigger. */
  payload?: string;
}

interface AliyunOssRecord {
  eventName: string;
  eventSource: 'acs:oss';
  eventTime?: string;
  eventVersion?: string;
  region?: string;
  oss: {
    bucket: { name: string; arn?: string; ownerIdentity?: string };
    object: { key: string; size?: number; deltaSize?: number; eTag?: string };
    ossSchemaVersion?: string;
    ruleId?: string;
  };
  requestParameters?: { sourceIPAddress?: string };
  responseElements?: { requestId?: string };
  userIdentity?: { principalId?: string };
}

/** OSS trigger: every record of one notification. */
export interface AliyunOssEvent {
  events: AliyunOssRecord[];
}

/** The fields of the runtime's `context` the adapter reads. */
export interface AliyunContext {
  requestId?: string;
  function?: { name?: string; handler?: string; memory?: number; timeout?: number };
  region?: string;
  accountId?: string;
}

/** FC 3.0 HTTP trigger response struct: a flat string map of headers. */
export interface AliyunHttpTriggerResult {
  statusCode: number;
  headers: Record<string, string>;
  isBase64Encoded: boolean;
  body: string;
}

/** API Gateway trigger response, in the documented key order. */
export interface AliyunApiGatewayResult {
  isBase64Encoded: boolean;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type AliyunHttpResult = AliyunHttpTriggerResult | AliyunApiGatewayResult;
