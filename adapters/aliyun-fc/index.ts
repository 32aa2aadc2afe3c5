export { createHandler, type AliyunHandler } from './handler.js';
export type * from './types.js';
