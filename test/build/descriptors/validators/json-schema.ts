import { type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

/**
 * A copy of a JSON or OpenAPI schema in which every object that lists its properties rejects others. Kubernetes'
 * own keywords are dropped (`x-kubernetes-int-or-string` becomes an integer-or-string anyOf), so Ajv reads it.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([name, inner]) => [name, strictSchema(inner)])) : strictSchema(value);
  }
  if ((schema as Schema)['x-kubernetes-int-or-string']) {
    delete copy.type;
    copy.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

/** Ajv's errors as `<path>.<field>: <message> (<unknown field>)` lines. */
export function schemaErrors(validate: ValidateFunction, path: string): string[] {
  return (validate.errors ?? []).map((error) => {
    const extra = error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : '';
    return `${path}${error.instancePath.replace(/\//g, '.')}: ${error.message}${extra}`;
  });
}
