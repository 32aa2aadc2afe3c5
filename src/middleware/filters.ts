import { type Class } from '../decorators/metadata.js';
import { type Context } from '../http/context.js';
import { type MatchPattern } from '../decorators/middleware.js';
import { pathMatcher } from './resolve.js';

/** What a @Catch() class provides: its return value becomes the response body. */
export interface ExceptionFilter<E = any, CTX = Context> {
  catch(err: E, ctx: CTX): unknown;
}

/** What a @Match() class provides: it may replace a successful result, e.g. to wrap it in an envelope. */
export interface ResultFilter<CTX = Context> {
  match(value: any, ctx: CTX): unknown;
}

/** Midway's name: one class may be an exception filter, a result filter, or both. */
export interface IFilter<CTX = Context> {
  catch?(err: Error, ctx: CTX): unknown;
  match?(value: any, ctx: CTX): unknown;
}

export interface RegisteredFilter {
  instance: ExceptionFilter;
  /** Error classes it handles; empty means it catches everything. */
  catches: Class<Error>[];
  /** Declared with `@Catch(..., { events: true })`: it answers for event invocations too. */
  events: boolean;
}

/** What failed: an HTTP request, which every filter answers for, or an event invocation, which only `events` filters do. */
export type Invocation = 'http' | 'event';

export type FilterSelector = (err: unknown, invocation?: Invocation) => ExceptionFilter | undefined;

/** Specific filters first, in registration order; catch-all filters last. */
function firstMatching(filters: RegisteredFilter[]): (err: unknown) => ExceptionFilter | undefined {
  const specific = filters.filter((filter) => filter.catches.length > 0);
  const catchAll = filters.filter((filter) => filter.catches.length === 0);
  return (err) =>
    specific.find((filter) => filter.catches.some((errorClass) => err instanceof errorClass))?.instance ?? catchAll[0]?.instance;
}

/**
 * The filter for an error (an HTTP request's by default): HTTP exception filters stay out of event invocations
 * unless they say so, so an event's failure keeps the platform's failure semantics (error result, retries,
 * dead letters). Null when there are no filters.
 */
export function filterSelector(filters: RegisteredFilter[]): FilterSelector | null {
  if (filters.length === 0) return null;
  const http = firstMatching(filters);
  const event = firstMatching(filters.filter((filter) => filter.events));
  return (err, invocation = 'http') => (invocation === 'http' ? http(err) : event(err));
}

/**
 * As in Midway, a filter's answer is a normal response: 200 unless the filter sets a status; what it
 * returns is the body.
 */
export async function applyFilter(filter: ExceptionFilter, err: unknown, ctx: Context): Promise<void> {
  ctx.status = 200;
  const body = await filter.catch(err, ctx);
  if (body !== undefined) ctx.body = body;
}

export interface RegisteredResultFilter {
  instance: ResultFilter;
  pattern: MatchPattern;
}

export type ResultFiltering = (value: unknown, ctx: Context) => Promise<unknown>;

/** Result filters in registration order; each one whose rule matches the request gets the value the previous one gave. */
export function resultFiltering(filters: RegisteredResultFilter[]): ResultFiltering | null {
  if (filters.length === 0) return null;
  const compiled = filters.map(({ instance, pattern }) => ({
    instance,
    applies: typeof pattern === 'boolean' ? () => pattern : pathMatcher(pattern),
  }));
  return async (value, ctx) => {
    let result = value;
    for (const { instance, applies } of compiled) if (applies(ctx)) result = await instance.match(result, ctx);
    return result;
  };
}
