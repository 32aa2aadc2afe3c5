import { getMetadataStorage, validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { UnprocessableEntityError } from '../errors/http-errors.js';
import { isInjectableType } from '../decorators/provide.js';
import { type Class } from '../decorators/metadata.js';
import { type ParamMetadata } from '../decorators/web.js';
import { type ArgumentCompiler } from '../http/route.js';
import { booleanFromText, numberFromText } from '../http/params.js';

export interface ValidationDetail {
  /** Dotted path for nested values: `address.city`, `items.0.name`. */
  property: string;
  constraints: Record<string, string>;
}

/** Defaults: unknown properties are stripped; `forbidNonWhitelisted: true` turns them into errors instead. */
const DEFAULTS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true };

function validatedProperties(type: Class): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/** A class with class-validator decorators; anything else is passed through untouched. */
export function isDto(type: unknown): type is Class {
  return isInjectableType(type) && validatedProperties(type).length > 0;
}

function flatten(errors: ValidationError[], prefix = ''): ValidationDetail[] {
  return errors.flatMap((error) => {
    const property = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ property, constraints: error.constraints }] : [];
    return [...own, ...flatten(error.children ?? [], property)];
  });
}


/**
 * Query strings, route params and headers arrive as text; convert the properties declared as number
 * or boolean, and leave anything unconvertible for the validator to reject.
 */
function textCoercer(type: Class): (value: unknown) => unknown {
  const conversions = validatedProperties(type).flatMap((property): [string, (text: string) => unknown][] => {
    const declared = Reflect.getMetadata('design:type', type.prototype, property);
    if (declared === Number) return [[property, (text) => numberFromText(text) ?? text]];
    if (declared === Boolean) return [[property, (text) => booleanFromText(text) ?? text]];
    return [];
  });
  if (conversions.length === 0) return (value) => value;
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    const converted: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [property, convert] of conversions) {
      if (typeof converted[property] === 'string') converted[property] = convert(converted[property] as string);
    }
    return converted;
  };
}

function failure(details: ValidationDetail[]): UnprocessableEntityError {
  return new UnprocessableEntityError('Validation failed', details);
}

async function toValidInstance(type: Class, value: unknown, options: ValidatorOptions): Promise<unknown> {
  if (value === undefined) value = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw failure([{ property: '', constraints: { isObject: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` } }]);
  }
  const instance = plainToInstance(type as new () => object, value);
  const errors = await validate(instance, options);
  if (errors.length > 0) throw failure(flatten(errors));
  return instance;
}

/** Wraps the extractor of every DTO-typed parameter with transform + validate; decided once at bootstrap. */
export function dtoValidation(options: ValidatorOptions = {}): ArgumentCompiler {
  const merged = { ...DEFAULTS, ...options };
  return (param: ParamMetadata, declaredType, extractor) => {
    if (!isDto(declaredType)) return extractor;
    const coerce = param.source === 'body' ? (value: unknown) => value : textCoercer(declaredType);
    return { extract: async (ctx, instance) => toValidInstance(declaredType, coerce(await extractor.extract(ctx, instance)), merged), awaits: true };
  };
}
