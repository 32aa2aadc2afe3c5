import { existsSync, readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import { schemaErrors, strictSchema } from './json-schema.js';

/**
 * An s.yaml checker: Serverless Devs resolves `${vars.x}` and `${config('AccountID')}`, then hands each resource's
 * props to its component, and fc3 validates them with its own schema (devsapp/fc3 src/schema.json). That schema
 * lists every prop but lets unknown ones through, which fc3 then ignores: a misspelt `memorySzie` deploys the
 * default. So every object the schema describes is made strict (unknown keys rejected). Its triggerConfig is any
 * of the trigger configs, which lets almost anything through (one of them has no fields), so each trigger's
 * config is also checked against the schema's own definition for its triggerType, as FC's API reads it.
 *
 * fc3 is not on npm, so its schema is a copy (test/fixtures/schemas/SOURCES.md names its source and commit), taken
 * from the project's fixtures or, until one is there, from the shared folder beside the repository.
 */
const CANDIDATES = [
  new URL('../../../fixtures/schemas/fc3.schema.json', import.meta.url),
  new URL('../../../../../shared/schemas/fc3.schema.json', import.meta.url),
];

export const FC3_SCHEMA = CANDIDATES.find((url) => existsSync(url));

type Schema = Record<string, unknown>;

/** fc3's definition of each trigger type's config. */
const TRIGGER_CONFIGS: Record<string, string> = {
  http: 'IHttpTriggerConfig', timer: 'ITimerTriggerConfig', oss: 'IOssTriggerConfig', mns_topic: 'IMnsTriggerConfig', log: 'ILogTriggerConfig', cdn_events: 'ICdnTriggerConfig', tablestore: 'IOtsConfig', eventbridge: 'IEventBridge',
};

let validators: { props: ValidateFunction; triggerConfig: Record<string, ValidateFunction> } | undefined;

function fc3Validators(): NonNullable<typeof validators> {
  if (!FC3_SCHEMA) throw new Error('no copy of fc3 src/schema.json (see test/fixtures/schemas/SOURCES.md)');
  if (!validators) {
    const schema = strictSchema(JSON.parse(readFileSync(FC3_SCHEMA, 'utf8'))) as Schema;
    const ajv = new AjvModule.default({ strict: false, allErrors: true });
    const triggerConfig = Object.fromEntries(
      Object.entries(TRIGGER_CONFIGS).map(([type, definition]) => [type, ajv.compile({ definitions: schema.definitions, $ref: `#/definitions/${definition}` })]),
    );
    validators = { props: ajv.compile(schema), triggerConfig };
  }
  return validators;
}

/** `${vars.region}` → the var's value and `${config('AccountID')}` → an account id, as `s deploy` does before fc3 sees the props. */
function resolve(value: unknown, vars: Record<string, unknown>, errors: string[], path: string): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolve(item, vars, errors, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, vars, errors, `${path}.${key}`)]));
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{([^}]+)\}/g, (whole, expression: string) => {
    const variable = /^vars\.(\w+)$/.exec(expression);
    if (variable) {
      if (!(variable[1] in vars)) errors.push(`${path}: ${whole} names no var`);
      return String(vars[variable[1]]);
    }
    if (expression === "config('AccountID')") return '1234567890123456';
    errors.push(`${path}: ${whole} is no Serverless Devs variable this project sets`);
    return whole;
  });
}

export function serverlessDevsErrors(config: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (config.edition !== '3.0.0') errors.push(`edition: must be 3.0.0, got ${JSON.stringify(config.edition)}`);
  for (const key of ['name', 'access']) if (typeof config[key] !== 'string' || !config[key]) errors.push(`${key}: required`);
  const vars = (config.vars ?? {}) as Record<string, unknown>;
  const { props: validateProps, triggerConfig } = fc3Validators();
  for (const [key, resource] of Object.entries((config.resources ?? {}) as Record<string, { component?: string; props?: unknown }>)) {
    const path = `resources.${key}.props`;
    if (resource.component !== 'fc3') errors.push(`resources.${key}.component: must be fc3`);
    const props = resolve(resource.props, vars, errors, path) as { triggers?: { triggerType: string; triggerConfig: unknown }[] };
    if (!validateProps(props)) errors.push(...schemaErrors(validateProps, path));
    (props.triggers ?? []).forEach((trigger, index) => {
      const validate = triggerConfig[trigger.triggerType];
      if (validate && !validate(trigger.triggerConfig)) errors.push(...schemaErrors(validate, `${path}.triggers.${index}.triggerConfig`));
    });
  }
  return errors;
}
