export { createHandler } from './handler.js';
export { toApiGatewayResult, toFunctionUrlResult } from './response.js';
export type * from './types.js';
