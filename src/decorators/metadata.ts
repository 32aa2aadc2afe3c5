import 'reflect-metadata';

/** Metadata keys. Decorators only write under these keys; the bootstrap pass reads them once. */
export const KEYS = {
  provide: 'wick:provide',
  scope: 'wick:scope',
  properties: 'wick:properties',
  loggers: 'wick:loggers',
  constructorIds: 'wick:constructor-ids',
  controller: 'wick:controller',
  routes: 'wick:routes',
  params: 'wick:params',
  response: 'wick:response',
  configuration: 'wick:configuration',
  middleware: 'wick:middleware',
  guard: 'wick:guard',
  guards: 'wick:guards',
  pipe: 'wick:pipe',
  catch: 'wick:catch',
  match: 'wick:match',
  filters: 'wick:filters',
  triggers: 'wick:triggers',
  function: 'wick:function',
} as const;

export type Class<T = any> = abstract new (...args: any[]) => T;

export function readOwn<T>(key: string, target: object, property?: string | symbol): T | undefined {
  return property === undefined
    ? Reflect.getOwnMetadata(key, target)
    : Reflect.getOwnMetadata(key, target, property);
}

export function writeOwn(key: string, value: unknown, target: object, property?: string | symbol): void {
  if (property === undefined) Reflect.defineMetadata(key, value, target);
  else Reflect.defineMetadata(key, value, target, property);
}

/** Appends to a list kept on the class itself, never on a parent class. */
export function appendOwn<T>(key: string, item: T, target: object): void {
  writeOwn(key, [...(readOwn<T[]>(key, target) ?? []), item], target);
}

/** Merges fields into a record kept per method. */
export function mergeOwn<T extends object>(key: string, patch: Partial<T>, target: object, property: string | symbol): void {
  writeOwn(key, { ...readOwn<T>(key, target, property), ...patch }, target, property);
}
