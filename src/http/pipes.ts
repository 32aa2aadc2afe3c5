import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type PipeTransform, type PipeUnionTransform, type TransformOptions } from '../decorators/pipe.js';
import { type ParamMetadata } from '../decorators/web.js';
import { BadRequestError } from '../errors/http-errors.js';
import { booleanFromText, describeParam, numberFromText } from './params.js';

function isPipeClass(pipe: PipeUnionTransform): pipe is new (...args: any[]) => PipeTransform {
  return typeof pipe === 'function';
}

/** A value converted by `parse`; what it cannot convert (a missing value included) is a 400 naming the parameter. */
export abstract class ParsePipe<R> implements PipeTransform<unknown, R> {
  protected abstract readonly kind: string;
  protected abstract parse(value: unknown): R | undefined;

  transform(value: unknown, options: TransformOptions): R {
    const parsed = value === undefined || value === null ? undefined : this.parse(value);
    if (parsed === undefined) throw new BadRequestError(`${options.metadata.label} is not a valid ${this.kind}, got ${JSON.stringify(value) ?? 'nothing'}`);
    return parsed;
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? numberFromText(value) : undefined;
}

/** An integer from text or a number. */
export class ParseIntPipe extends ParsePipe<number> {
  protected readonly kind = 'integer';
  protected parse(value: unknown): number | undefined {
    const number = toNumber(value);
    return number !== undefined && Number.isInteger(number) ? number : undefined;
  }
}

/** A finite number from text or a number. */
export class ParseFloatPipe extends ParsePipe<number> {
  protected readonly kind = 'number';
  protected parse(value: unknown): number | undefined {
    return toNumber(value);
  }
}

/** `true`/`1`/`false`/`0` in any case, or a boolean. */
export class ParseBoolPipe extends ParsePipe<boolean> {
  protected readonly kind = 'boolean';
  protected parse(value: unknown): boolean | undefined {
    return typeof value === 'boolean' ? value : typeof value === 'string' ? booleanFromText(value) : undefined;
  }
}

/** The given value in place of a missing one (undefined, null or NaN): `new DefaultValuePipe(1)`. */
export class DefaultValuePipe<T = any, R = any> implements PipeTransform<T, T | R> {
  constructor(protected readonly defaultValue: R) {}

  transform(value: T): T | R {
    return value === undefined || value === null || Number.isNaN(value) ? this.defaultValue : value;
  }
}

/** A parameter's pipes run in order, each given what the previous one returned. */
export type ArgumentPipeline = (value: unknown, instance: object) => Promise<unknown>;

const BASE_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * One pipe object per class: `@Pipe()` classes come from the container (they may use DI), other classes are
 * built with no arguments, instances are used as they are. Resolved once at boot.
 */
export async function resolvePipes(container: Container, pipes: PipeUnionTransform[]): Promise<Map<PipeUnionTransform, PipeTransform>> {
  const resolved = new Map<PipeUnionTransform, PipeTransform>();
  for (const pipe of pipes) {
    if (resolved.has(pipe)) continue;
    if (!isPipeClass(pipe)) resolved.set(pipe, pipe);
    else if (container.isBound(pipe)) resolved.set(pipe, await container.getAsync<PipeTransform>(pipe));
    else if (readOwn(KEYS.pipe, pipe)) throw new Error(`pipe ${pipe.name} is not registered: export it from a file under src/ or import its component`);
    else resolved.set(pipe, new pipe());
  }
  return resolved;
}

/** The pipes declared on one handler's parameters, for resolvePipes. */
export function declaredPipes(target: Class, handlerName: string): PipeUnionTransform[] {
  return (readOwn<ParamMetadata[]>(KEYS.params, target.prototype, handlerName) ?? []).flatMap((param) => param.pipes ?? []);
}

/** The pipeline of one parameter, or null when it has no pipes. */
export function compilePipeline(
  param: ParamMetadata,
  declaredType: unknown,
  methodName: string,
  resolved: ReadonlyMap<PipeUnionTransform, PipeTransform>,
): ArgumentPipeline | null {
  if (!param.pipes?.length) return null;
  const pipes = param.pipes.map((pipe) => {
    const found = resolved.get(pipe);
    if (!found) throw new Error(`pipe ${isPipeClass(pipe) ? pipe.name : 'instance'} was not resolved`);
    return found;
  });
  const metaType = {
    name: typeof declaredType === 'function' ? declaredType.name : 'unknown',
    isBaseType: BASE_TYPES.has(declaredType),
    originDesign: declaredType,
  };
  const metadata = { index: param.index, source: param.source, name: param.name, label: describeParam(param) };
  return async (value, instance) => {
    const options: TransformOptions = { metaType, metadata, target: instance, methodName };
    for (const pipe of pipes) value = await pipe.transform(value, options);
    return value;
  };
}
