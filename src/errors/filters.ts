import { type Class } from '../decorators/metadata.js';
import { type Context } from '../http/context.js';
import { statusOf } from './render.js';

/** What a @Catch() class provides: its return value becomes the response body. */
export interface ExceptionFilter<E = any> {
  catch(err: E, ctx: Context): unknown;
}

export interface RegisteredFilter {
  instance: ExceptionFilter;
  /** Error classes it handles; empty means it catches everything. */
  catches: Class<Error>[];
}

export type FilterSelector = (err: unknown) => ExceptionFilter | undefined;

/** Specific filters first, in registration order; catch-all filters last. Null when there are none. */
export function filterSelector(filters: RegisteredFilter[]): FilterSelector | null {
  if (filters.length === 0) return null;
  const specific = filters.filter((filter) => filter.catches.length > 0);
  const catchAll = filters.filter((filter) => filter.catches.length === 0);
  return (err) =>
    specific.find((filter) => filter.catches.some((errorClass) => err instanceof errorClass))?.instance ?? catchAll[0]?.instance;
}

/** The error's status is the default; the filter may change it through ctx and return the body. */
export async function applyFilter(filter: ExceptionFilter, err: unknown, ctx: Context): Promise<void> {
  ctx.status = statusOf(err);
  const body = await filter.catch(err, ctx);
  if (body !== undefined) ctx.body = body;
}
