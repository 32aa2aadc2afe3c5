import { KEYS, type Class } from './metadata.js';
import { markAppLevelProvider } from './middleware.js';

/** What a pipe is told about the value it transforms, as Midway's `TransformOptions`. */
export interface TransformOptions<OriginType = unknown> {
  /** The parameter's declared type; `isBaseType` for String, Number, Boolean, Object and Array. */
  metaType: { name: string; isBaseType: boolean; originDesign: OriginType };
  /** Where the value came from: `source` is the decorator (`query`, `body`, ...), `name` its property. */
  metadata: { index: number; source: string; name?: string; label: string };
  /** The controller (or function) instance handling the request. */
  target: object;
  methodName: string;
}

/** Transforms or checks one handler argument after it is extracted; throwing rejects the request. */
export interface PipeTransform<T = any, R = any> {
  transform(value: T, options: TransformOptions): R | Promise<R>;
}

/** A pipe class (a `@Pipe()` provider, or any class built with no arguments) or a ready instance. */
export type PipeUnionTransform<T = any, R = any> = PipeTransform<T, R> | (new (...args: any[]) => PipeTransform<T, R>);

/** A pipe resolved through DI: it may `@Inject` and `@Config`; one instance serves the app. */
export function Pipe(): ClassDecorator {
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.pipe, true);
}
