import { type ManifestFunction } from '../../../src/functions/manifest.js';
import { where } from './files.js';

/** How a platform writes object-storage event names (S3's `s3:`, OSS's `oss:`, COS's `cos:` notation). */
export interface StorageNotation {
  prefix: string;
  /**
   * The platform's names for an S3-style event name (`ObjectCreated:Put`, `ObjectRemoved:*`); `written` is the
   * trigger's own name without a prefix. Undefined when the platform has no counterpart.
   */
  names(name: string, written: string): string[] | undefined;
}

/** OSS-style action names in a generic trigger, as the S3-style ones the platforms' tables start from. */
const S3_ACTIONS: Record<string, string> = { PutObject: 'Put', PostObject: 'Post', CopyObject: 'Copy', AppendObject: 'Append', DeleteObject: 'Delete' };

/**
 * A trigger's event names (`ObjectCreated:*`, or prefixed with any platform's storage prefix) in the platform's
 * notation; a name with no counterpart is an error. Prefixes are lower case and event categories capitalised, so
 * another platform's prefix (`oss:` in an AWS build) is recognised without a list of them.
 */
export function storageEvents(events: string[], fn: ManifestFunction, notation: StorageNotation): string[] {
  if (!Array.isArray(events) || events.length === 0) throw new Error(`${where(fn)}: an OS trigger needs at least one event, e.g. ObjectCreated:*`);
  const names = events.flatMap((event) => {
    const [head, ...rest] = String(event).split(':');
    if (head === notation.prefix) return [event];
    const generic = /^[a-z0-9]+$/.test(head) ? rest : [head, ...rest];
    const [written, action = '*'] = generic;
    if (!written || !action) throw new Error(`${where(fn)}: ${JSON.stringify(event)} is not an object storage event name such as ObjectCreated:*`);
    const category = written === 'ObjectRemove' ? 'ObjectRemoved' : written;
    const mapped = notation.names(`${category}:${S3_ACTIONS[action] ?? action}`, generic.join(':'));
    if (mapped) return mapped.map((name) => `${notation.prefix}:${name}`);
    throw new Error(`${where(fn)}: the object storage event ${JSON.stringify(event)} has no ${notation.prefix.toUpperCase()} counterpart`);
  });
  return [...new Set(names)];
}
