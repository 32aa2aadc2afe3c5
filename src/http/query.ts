import type Koa from 'koa';
import { BadRequestError } from '../errors/http-errors.js';
import { FieldCollector } from './form-fields.js';

const PARSED = Symbol('wick:query');

interface Parsed {
  querystring: string;
  query: Record<string, string | string[]>;
}

/**
 * `ctx.query` as Koa gives it (a repeated name as a list), parsed in one pass and refused past `max` parameters.
 * Koa 3's own getter calls `getAll` once per occurrence of a name: `?a&a&…` in a 16 KB URL blocked the process for
 * seconds.
 */
export function installQueryParser(koa: Koa, max: number): void {
  const error = (limit: number) => new BadRequestError(`the query string has more than ${limit} parameters (config koa.queryParseOptions.parameterLimit)`);
  const koaQuery = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(koa.request), 'query');
  Object.defineProperty(koa.request, 'query', {
    configurable: true,
    get(this: Koa.Request & { [PARSED]?: Parsed }) {
      const { querystring } = this;
      const parsed = this[PARSED];
      if (parsed?.querystring === querystring) return parsed.query;
      const fields = new FieldCollector({ max, error });
      for (const [name, value] of new URLSearchParams(querystring)) fields.add(name, value);
      const query = fields.toObject();
      this[PARSED] = { querystring, query };
      return query;
    },
    set: koaQuery?.set,
  });
}
