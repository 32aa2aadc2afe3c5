/**
 * The AWS Lambda Runtime API as the host and its runtime client share it: the documented paths, headers and
 * limits (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), plus the one variable Wick adds.
 */

export const RUNTIME_API_VERSION = '2018-06-01';
export const RUNTIME_PREFIX = `/${RUNTIME_API_VERSION}/runtime`;

/** Read by the runtime client: how many polling loops (invocations at once) one instance runs. */
export const CONCURRENCY_ENV = 'WICK_RUNTIME_CONCURRENCY';

export const HEADERS = {
  requestId: 'lambda-runtime-aws-request-id',
  deadline: 'lambda-runtime-deadline-ms',
  functionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  errorType: 'lambda-runtime-function-error-type',
} as const;

/** Synchronous invocation request and response payloads: 6 MB. */
export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

/** What a runtime posts to /error and /init/error, and what Invoke returns for an unhandled error. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}
