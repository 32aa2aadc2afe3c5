import { type StorageNotation } from '../../common/descriptors/storage-events.js';

/** OSS names of the S3-style actions Wick triggers use. */
const OSS_ACTIONS: Record<string, string[]> = {
  'ObjectCreated:*': ['ObjectCreated:*'],
  'ObjectCreated:Put': ['ObjectCreated:PutObject'],
  'ObjectCreated:Post': ['ObjectCreated:PostObject'],
  'ObjectCreated:Copy': ['ObjectCreated:CopyObject'],
  'ObjectCreated:CompleteMultipartUpload': ['ObjectCreated:CompleteMultipartUpload'],
  'ObjectCreated:Append': ['ObjectCreated:AppendObject'],
  'ObjectRemoved:*': ['ObjectRemoved:DeleteObject', 'ObjectRemoved:DeleteObjects', 'ObjectRemoved:AbortMultipartUpload'],
  'ObjectRemoved:Delete': ['ObjectRemoved:DeleteObject', 'ObjectRemoved:DeleteObjects'],
};

/** The OSS event names fc3 accepts (devsapp/fc3 src/schema.json, IOssTriggerConfig). */
const OSS_NAMES = new Set([
  'ObjectCreated:*', 'ObjectCreated:AppendObject', 'ObjectCreated:CompleteMultipartUpload', 'ObjectCreated:CopyObject',
  'ObjectCreated:InitiateMultipartUpload', 'ObjectCreated:PostObject', 'ObjectCreated:PutObject', 'ObjectCreated:PutSymlink',
  'ObjectCreated:UploadPart', 'ObjectCreated:UploadPartCopy', 'ObjectModified:UpdateObjectMeta', 'ObjectRemoved:AbortMultipartUpload',
  'ObjectRemoved:DeleteObject', 'ObjectRemoved:DeleteObjects',
]);

/** OSS: the S3-style names through the table above, or an OSS name written as fc3 knows it. */
export const OSS_EVENTS: StorageNotation = {
  prefix: 'oss',
  names: (name, written) => OSS_ACTIONS[name] ?? (OSS_NAMES.has(written) ? [written] : undefined),
};
