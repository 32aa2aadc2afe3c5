import { type StorageNotation } from '../../common/descriptors/storage-events.js';

/** S3 takes every S3-style event name as it is. */
export const S3_EVENTS: StorageNotation = { prefix: 's3', names: (name) => [name] };
