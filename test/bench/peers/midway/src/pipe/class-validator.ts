import { httpError, Pipe, type PipeTransform, type TransformOptions } from '@midwayjs/core';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * Validates a body against its DTO class with class-validator. Midway 4's own @midwayjs/validation is not in the
 * registry this bench installs from, and @midwayjs/validate 3 fails on Midway 4 (its i18n middleware calls an API
 * that Midway 4 removed), so the body goes through the same library the other peers use, as a Midway pipe.
 */
@Pipe()
export class ClassValidatorPipe implements PipeTransform {
  async transform(value: unknown, options: TransformOptions) {
    const input = plainToInstance(options.metaType.originDesign as ClassConstructor<object>, value);
    const errors = await validate(input);
    if (errors.length) throw new httpError.BadRequestError(errors.map((error) => Object.values(error.constraints ?? {}).join(', ')).join('; '));
    return input;
  }
}
