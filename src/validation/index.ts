/**
 * `wick/validation`: the class-validator decorators and class-transformer's @Type, from the same copies
 * wick validates with. Importing them from here keeps nested DTOs working even when the app and wick
 * resolve separate node_modules (as with a `file:` dependency).
 */
export * from 'class-validator';
export { Type, Transform, Exclude, Expose, plainToInstance, instanceToPlain } from 'class-transformer';
// As @midwayjs/validate does, the parsing pipes too (the very classes `wick` exports).
export { ParsePipe, ParseIntPipe, ParseFloatPipe, ParseBoolPipe, DefaultValuePipe } from '../http/builtin-pipes.js';
