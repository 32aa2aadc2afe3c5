export { createHandler } from './handler.js';
export type * from './types.js';
