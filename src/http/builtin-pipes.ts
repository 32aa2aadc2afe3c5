import { type PipeTransform, type TransformOptions } from '../decorators/pipe.js';
import { BadRequestError } from '../errors/http-errors.js';
import { booleanFromText, numberFromText } from './params.js';

// Midway's built-in pipes. Their own module, so that bundles of apps that use none of them leave them out
// (classes that extend another are kept by a bundler wherever their module is included).

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
