export { createHandler } from './handler.js';
export { UnrecognisedEventError } from '../common/events.js';
export type {
  LambdaContext, ApiGatewayV1Event, ApiGatewayV2Event, AlbEvent, ApiGatewayV1Result, ApiGatewayV2Result, AlbResult, HttpResult,
  SqsRecord, SqsBatchResponse, SnsRecord, S3Record, ScheduledEvent,
} from './types.js';
