import { type StorageNotation } from '../../common/descriptors/storage-events.js';

/** COS names (Tencent COS trigger docs): removal events are `ObjectRemove:`, without the d. */
const COS_NAMES = new Set([
  'ObjectCreated:*', 'ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload',
  'ObjectCreated:Append', 'ObjectRemove:*', 'ObjectRemove:Delete', 'ObjectRemove:DeleteMarkerCreated',
]);

export const COS_EVENTS: StorageNotation = {
  prefix: 'cos',
  names: (name) => {
    const cos = name.replace(/^ObjectRemoved:/, 'ObjectRemove:');
    return COS_NAMES.has(cos) ? [cos] : undefined;
  },
};
