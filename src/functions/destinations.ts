import { type Destinations, type DestinationTarget } from '../decorators/serverless.js';

/** A function's destinations as the manifest carries them: each one a target object, a function named in full. */
export type ResolvedDestinations = Destinations<DestinationTarget>;

export type DestinationName = keyof ResolvedDestinations;

export const DESTINATION_NAMES: DestinationName[] = ['onSuccess', 'onFailure'];

/** A relative path of plain segments (no `.` or `..`), ending in `.jsonl`. */
const FILE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.jsonl$/;
const MAX_FILE_PATH = 200;
/** What both SQS and MNS take as a queue name: a letter, then letters, digits and hyphens, up to 80. */
const QUEUE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,79}$/;

/** `function "audit"`, `file "results/ok.jsonl"`, `queue "orders"`: for errors and logs. */
export function describeDestination(target: DestinationTarget): string {
  const [kind, value] = Object.entries(target)[0];
  return `${kind} ${JSON.stringify(value)}`;
}

function target(value: unknown, key: string, where: string): DestinationTarget {
  if (typeof value === 'string') return { function: value };
  const entries = value !== null && typeof value === 'object' ? Object.entries(value) : [];
  const [kind, name] = entries[0] ?? [];
  if (entries.length !== 1 || !['function', 'file', 'queue'].includes(kind) || typeof name !== 'string') {
    throw new Error(`${where}: destinations.${key} must be a function name, { function }, { file } or { queue }, got ${JSON.stringify(value)}`);
  }
  return { [kind]: name } as DestinationTarget;
}

function checkTarget(destination: DestinationTarget, key: string, where: string, self: string, functions?: ReadonlySet<string>): void {
  const what = `${where}: destinations.${key}`;
  if ('function' in destination) {
    if (destination.function === self) throw new Error(`${what} names the function itself (${JSON.stringify(self)}): its records would invoke it again, endlessly`);
    if (functions && !functions.has(destination.function)) {
      throw new Error(`${what} names function ${JSON.stringify(destination.function)}, which the app does not have (its functions: ${[...functions].sort().join(', ')})`);
    }
  } else if ('file' in destination) {
    if (destination.file.length > MAX_FILE_PATH || !FILE_PATH.test(destination.file)) {
      throw new Error(`${what}: ${JSON.stringify(destination.file)} is not a file sink path: a relative path of letters, digits, '.', '_' and '-' (no '.' or '..' segments), ending in .jsonl`);
    }
  } else if (!QUEUE_NAME.test(destination.queue)) {
    throw new Error(`${what}: ${JSON.stringify(destination.queue)} is not a queue name (a letter, then letters, digits and '-', up to 80: what SQS and MNS both take)`);
  }
}

/**
 * A function's declared destinations, checked once with one rule wherever they are read (boot, build, the host's
 * manifest): only onSuccess and onFailure, each a function of the app other than itself, a file sink path or a
 * queue name. `functions` are the app's function names, when all are known: an artifact boots with only its own, so
 * there the function named is not looked up (the build did). `where` names the function in the error.
 */
export function checkDestinations(value: unknown, where: string, self: string, functions?: ReadonlySet<string>): ResolvedDestinations | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: destinations must be { onSuccess?, onFailure? }, got ${JSON.stringify(value)}`);
  const unknown = Object.keys(value).filter((key) => !DESTINATION_NAMES.includes(key as DestinationName));
  if (unknown.length) throw new Error(`${where}: destinations takes onSuccess and onFailure, not ${unknown.join(', ')}`);
  const resolved: ResolvedDestinations = {};
  for (const key of DESTINATION_NAMES) {
    const declared = (value as Record<string, unknown>)[key];
    if (declared === undefined) continue;
    const destination = target(declared, key, where);
    checkTarget(destination, key, where, self, functions);
    resolved[key] = destination;
  }
  return Object.keys(resolved).length ? resolved : undefined;
}
