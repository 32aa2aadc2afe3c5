/**
 * The AWS payloads this adapter reads and the results it returns, from the community's `@types/aws-lambda` (types
 * only: nothing of it reaches a bundle), under the names Wick exports. Events arrive as `unknown` and are checked
 * field by field in request.ts and events.ts; these types describe what a valid one holds. Only what the package
 * lacks is written here.
 */
import type {
  ALBEvent, ALBResult, APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2, Context,
  S3EventRecord, ScheduledEvent, SNSEventRecord, SQSBatchResponse, SQSRecord,
} from 'aws-lambda';

/**
 * The second handler argument the Node.js runtime passes (the adapter reads only `awsRequestId`), without the
 * callbacks of the v0.10 runtime (`done`, `fail`, `succeed`) that no current runtime documents or Wick supplies.
 */
export type LambdaContext = Omit<Context, 'done' | 'fail' | 'succeed'>;

/** API Gateway REST API (v1) proxy event; HTTP API payload format 1.0 is the same with `version: "1.0"`. */
export type ApiGatewayV1Event = APIGatewayProxyEvent;
/** HTTP API payload format 2.0; Lambda Function URLs use the same schema. */
export type ApiGatewayV2Event = APIGatewayProxyEventV2;
/** Application Load Balancer event: single-value maps by default, multi-value maps when the target group enables them. */
export type AlbEvent = ALBEvent;

/** REST API and payload 1.0 result: `multiValueHeaders` carries repeated headers such as several Set-Cookie. */
export type ApiGatewayV1Result = APIGatewayProxyResult;
/** Payload 2.0 and Function URL result: no multi-value headers; every Set-Cookie goes in `cookies`. */
export type ApiGatewayV2Result = APIGatewayProxyStructuredResultV2;
/** ALB result: `headers` or `multiValueHeaders`, whichever the target group's mode reads. */
export type AlbResult = ALBResult;
export type HttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

export type SqsRecord = SQSRecord;
/** Partial batch response: only the records listed are returned to the queue. */
export type SqsBatchResponse = SQSBatchResponse;
export type SnsRecord = SNSEventRecord;
/** `s3.object.key` is URL-encoded the way form fields are: `+` for a space. */
export type S3Record = S3EventRecord;
/** EventBridge (CloudWatch Events) schedule rule event. */
export type { ScheduledEvent };
