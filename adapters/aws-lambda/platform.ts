import { type Platform } from '../common/platform.js';
import { LAMBDA_RUNTIMES } from './deploy/runtimes.js';
import { functionArn } from './identifiers.js';
import { type LambdaContext } from './types.js';

/** A local call has no log group, stream or event-loop setting to report, so those Lambda fields are left out. */
type LocalLambdaContext = Omit<LambdaContext, 'callbackWaitsForEmptyEventLoop' | 'logGroupName' | 'logStreamName'>;

export const awsLambda: Platform = {
  adapterModule: 'wick/adapters/aws-lambda',
  runtimes: LAMBDA_RUNTIMES,
  // Lambda's Node runtimes ship the AWS SDK v3.
  external: ['@aws-sdk/*'],
  loadAdapter: () => import('./index.js'),
  loadDescriptorWriter: async () => (await import('./deploy/sam.js')).samFiles,
  localContext: (fn, requestId): LocalLambdaContext => ({
    awsRequestId: requestId,
    functionName: fn?.name ?? 'local',
    functionVersion: '$LATEST',
    memoryLimitInMB: String(fn?.settings.memorySize ?? 128),
    invokedFunctionArn: functionArn(fn?.name ?? 'local'),
    getRemainingTimeInMillis: () => (fn?.settings.timeout ?? 3) * 1000,
  }),
};
