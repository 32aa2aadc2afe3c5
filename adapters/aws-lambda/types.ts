/**
 * The AWS payloads this adapter reads and the results it returns, as documented by AWS. Events arrive as
 * `unknown` and are checked field by field in request.ts; these types describe what a valid one holds.
 */

/** The second handler argument the Node.js runtime passes; only the request id is read. */
export interface LambdaContext {
  awsRequestId: string;
  functionName?: string;
  getRemainingTimeInMillis?(): number;
  [key: string]: unknown;
}

type StringMap = Record<string, string | undefined>;
type MultiStringMap = Record<string, string[] | undefined>;

/** API Gateway REST API (v1) proxy event; HTTP API payload format 1.0 is the same with `version: "1.0"`. */
export interface ApiGatewayV1Event {
  version?: '1.0';
  resource?: string;
  path: string;
  httpMethod: string;
  headers?: StringMap | null;
  multiValueHeaders?: MultiStringMap | null;
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: MultiStringMap | null;
  pathParameters?: StringMap | null;
  stageVariables?: StringMap | null;
  requestContext?: {
    stage?: string;
    requestId?: string;
    domainName?: string;
    identity?: { sourceIp?: string };
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** HTTP API payload format 2.0; Lambda Function URLs use the same schema. */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  /** Repeated headers arrive comma-joined. */
  headers?: StringMap;
  queryStringParameters?: StringMap;
  requestContext: {
    http: { method: string; path?: string; sourceIp?: string; protocol?: string; userAgent?: string };
    stage?: string;
    requestId?: string;
    /** `<id>.lambda-url.<region>.on.aws` for a Function URL. */
    domainName?: string;
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** Application Load Balancer event: single-value maps by default, multi-value maps when the target group enables them. */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  headers?: StringMap;
  multiValueHeaders?: MultiStringMap;
  /** Still URL-encoded: the load balancer does not decode query parameters. */
  queryStringParameters?: StringMap;
  multiValueQueryStringParameters?: MultiStringMap;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** REST API and payload 1.0 result: `multiValueHeaders` carries repeated headers such as several Set-Cookie. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Payload 2.0 and Function URL result: no multi-value headers; every Set-Cookie goes in `cookies`. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** ALB result: `headers` or `multiValueHeaders`, whichever the target group's mode reads. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export type HttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

export interface SqsRecord {
  messageId: string;
  receiptHandle?: string;
  body: string;
  attributes?: Record<string, string>;
  messageAttributes?: Record<string, unknown>;
  eventSource: 'aws:sqs';
  /** `arn:aws:sqs:<region>:<account>:<queue name>` */
  eventSourceARN: string;
  awsRegion?: string;
}

/** Partial batch response: only the records listed are returned to the queue. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface SnsRecord {
  EventSource: 'aws:sns';
  EventSubscriptionArn?: string;
  Sns: {
    MessageId: string;
    Message: string;
    /** `arn:aws:sns:<region>:<account>:<topic name>` */
    TopicArn: string;
    Subject?: string | null;
    Timestamp?: string;
    MessageAttributes?: Record<string, unknown>;
  };
}

export interface S3Record {
  eventSource: 'aws:s3';
  eventName: string;
  eventTime?: string;
  awsRegion?: string;
  s3: {
    bucket: { name: string; arn?: string };
    /** `key` is URL-encoded the way form fields are: `+` for a space. */
    object: { key: string; size?: number; eTag?: string };
  };
}

/** EventBridge (CloudWatch Events) schedule rule event. */
export interface ScheduledEvent {
  source: 'aws.events';
  'detail-type': 'Scheduled Event';
  time: string;
  /** The rule ARN: `arn:aws:events:<region>:<account>:rule/[<bus>/]<rule name>`. */
  resources: string[];
  id?: string;
  detail?: unknown;
}
