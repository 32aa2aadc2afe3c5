import { readFileSync } from 'node:fs';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { Runtime } from '@aws-sdk/client-lambda';
import AjvDraft04 from 'ajv-draft-04';

/**
 * A template.yaml checker built from what AWS publishes, so that a template it passes is one a deploy accepts:
 * - the SAM JSON schema (aws/serverless-application-model schema_source/sam.schema.json) for the shape of the
 *   AWS::Serverless::* resources;
 * - the CloudFormation resource specification (@aws-cdk/aws-service-spec, built from the CloudFormation registry
 *   schemas) for every other resource: property names, value types, required properties and GetAtt attributes;
 * - the runtime identifiers Lambda's own API client (@aws-sdk/client-lambda `Runtime`) knows;
 * - references: every Ref, Fn::GetAtt and ${...} in Fn::Sub names a parameter, a resource, a pseudo parameter
 *   or a resource SAM generates;
 * - what the SAM translator and the services reject that the schemas cannot say: Lambda's memory and timeout
 *   limits, HTTP API methods, S3 event names (`s3:` prefix), EventBridge schedule expressions (six-field cron or
 *   rate), provisioned concurrency without AutoPublishAlias, SQS filter patterns that are not JSON.
 * Returns every problem found, each starting with its path in the template.
 */
type Json = unknown;
interface TypeSpec {
  type: string;
  element?: TypeSpec;
  types?: TypeSpec[];
  reference?: { $ref: string };
}
interface PropertySpec {
  type: TypeSpec;
  required?: boolean;
}
interface ResourceSpec {
  properties: Record<string, PropertySpec>;
  attributes: Record<string, unknown>;
}

const samSchema = JSON.parse(readFileSync(new URL('../../../fixtures/schemas/sam.schema.json', import.meta.url), 'utf8'));
const validateSam = new AjvDraft04.default({ strict: false, allErrors: true }).compile(samSchema);
const spec = loadAwsServiceSpecSync();

const LAMBDA_RUNTIMES = new Set<string>(Object.values(Runtime));
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const HTTP_API_METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const SCHEDULE = /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+( \S+){5}\))$/;

function resourceSpec(type: string): ResourceSpec | undefined {
  return spec.lookup('resource', 'cloudFormationType', 'equals', type)[0] as unknown as ResourceSpec | undefined;
}

function isIntrinsic(value: Json): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `value` is not of `type` (CloudFormation turns scalars into strings and numeric strings into numbers), or nothing. */
function typeErrors(value: Json, type: TypeSpec, path: string): string[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
    case 'date-time':
      return ['string', 'number', 'boolean'].includes(typeof value) ? [] : [`${path}: must be a string`];
    case 'integer':
    case 'number':
      return Number.isFinite(typeof value === 'string' ? Number(value) : value) && value !== '' && typeof value !== 'boolean'
        ? type.type === 'integer' && !Number.isInteger(Number(value)) ? [`${path}: must be an integer`] : []
        : [`${path}: must be a ${type.type}, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${path}: must be a boolean`];
    case 'json':
      return [];
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, index) => typeErrors(item, type.element!, `${path}[${index}]`)) : [`${path}: must be a list`];
    case 'map':
      return isObject(value) ? Object.entries(value).flatMap(([key, item]) => typeErrors(item, type.element!, `${path}.${key}`)) : [`${path}: must be a map`];
    case 'tag':
      return isObject(value) ? propertiesErrors(value, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, path) : [`${path}: must be a tag`];
    case 'ref': {
      const definition = spec.get('typeDefinition', type.reference!.$ref) as unknown as { properties: Record<string, PropertySpec> };
      return isObject(value) ? propertiesErrors(value, definition.properties, path) : [`${path}: must be an object`];
    }
    case 'union':
      return type.types!.some((member) => typeErrors(value, member, path).length === 0) ? [] : [`${path}: matches none of its allowed types`];
    default:
      return [`${path}: the specification's type ${type.type} is unknown to this checker`];
  }
}

function propertiesErrors(values: Record<string, Json>, properties: Record<string, PropertySpec>, path: string): string[] {
  const unknown = Object.keys(values).filter((key) => !(key in properties)).map((key) => `${path}.${key}: no such property`);
  const missing = Object.entries(properties).filter(([key, property]) => property.required && !(key in values)).map(([key]) => `${path}.${key}: required`);
  const typed = Object.entries(values).flatMap(([key, value]) => (key in properties ? typeErrors(value, properties[key].type, `${path}.${key}`) : []));
  return [...unknown, ...missing, ...typed];
}

/** Names an expression refers to: Ref X, Fn::GetAtt [X, Attr], ${X} and ${X.Attr} in Fn::Sub. */
function references(value: Json, found: { name: string; attribute?: string; path: string }[], path: string): void {
  if (Array.isArray(value)) return value.forEach((item, index) => references(item, found, `${path}[${index}]`));
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') found.push({ name: inner, path });
    else if (key === 'Fn::GetAtt') {
      const [name, attribute] = Array.isArray(inner) ? inner : String(inner).split('.');
      found.push({ name: String(name), attribute: String(attribute), path });
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      for (const [, expression] of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const [name, attribute] = expression.split('.');
        found.push({ name, attribute, path });
      }
    } else references(inner, found, `${path}.${key}`);
  }
}

function lambdaErrors(id: string, properties: Record<string, Json>): string[] {
  const path = `Resources.${id}.Properties`;
  const errors: string[] = [];
  if (!LAMBDA_RUNTIMES.has(String(properties.Runtime))) errors.push(`${path}.Runtime: Lambda has no runtime ${JSON.stringify(properties.Runtime)}`);
  const inRange = (key: string, min: number, max: number) => {
    const value = properties[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
      errors.push(`${path}.${key}: Lambda takes ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
  };
  inRange('MemorySize', 128, 10_240);
  inRange('Timeout', 1, 900);
  if (properties.ProvisionedConcurrencyConfig !== undefined && properties.AutoPublishAlias === undefined) {
    errors.push(`${path}.ProvisionedConcurrencyConfig: SAM requires AutoPublishAlias with it`);
  }
  for (const [name, event] of Object.entries((properties.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, Json> }>)) {
    const at = `${path}.Events.${name}.Properties`;
    const props = event.Properties ?? {};
    if (event.Type === 'HttpApi' && !HTTP_API_METHODS.has(String(props.Method))) errors.push(`${at}.Method: HTTP APIs have no method ${JSON.stringify(props.Method)}`);
    if (event.Type === 'S3') {
      for (const name of [props.Events].flat()) if (!/^s3:[A-Za-z]+:/.test(String(name))) errors.push(`${at}.Events: ${JSON.stringify(name)} is not an S3 event name (s3:...)`);
    }
    if (event.Type === 'Schedule' && !SCHEDULE.test(String(props.Schedule))) errors.push(`${at}.Schedule: ${JSON.stringify(props.Schedule)} is not an EventBridge rate() or six-field cron()`);
    if (event.Type === 'SQS' && props.FilterCriteria !== undefined) {
      for (const filter of (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters ?? []) {
        try {
          JSON.parse(filter.Pattern);
        } catch {
          errors.push(`${at}.FilterCriteria: the pattern ${JSON.stringify(filter.Pattern)} is not JSON`);
        }
      }
    }
  }
  return errors;
}

export function cloudFormationErrors(template: Record<string, Json>): string[] {
  const errors: string[] = [];
  if (!validateSam(template)) errors.push(...(validateSam.errors ?? []).map((error) => `SAM schema: ${error.instancePath || '/'} ${error.message}`));
  const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Record<string, Json> }>;
  const parameters = Object.keys((template.Parameters ?? {}) as object);
  const generated = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Serverless::Function') {
      errors.push(...lambdaErrors(id, resource.Properties ?? {}));
      const events = Object.values((resource.Properties?.Events ?? {}) as Record<string, { Type: string }>);
      if (events.some((event) => event.Type === 'HttpApi')) generated.add('ServerlessHttpApi');
      if (resource.Properties?.AutoPublishAlias !== undefined) generated.add(`${id}Alias`);
      generated.add(`${id}Role`);
    } else if (!resource.Type.startsWith('AWS::Serverless::')) {
      const resourceType = resourceSpec(resource.Type);
      if (!resourceType) errors.push(`Resources.${id}.Type: CloudFormation has no resource type ${resource.Type}`);
      else errors.push(...propertiesErrors(resource.Properties ?? {}, resourceType.properties, `Resources.${id}.Properties`));
    }
  }
  const found: { name: string; attribute?: string; path: string }[] = [];
  references({ Resources: resources, Outputs: template.Outputs }, found, '');
  for (const { name, attribute, path } of found) {
    const where = path.replace(/^\./, '');
    if (PSEUDO_PARAMETERS.has(name) || parameters.includes(name) || generated.has(name)) continue;
    const resource = resources[name];
    if (!resource) errors.push(`${where}: refers to ${name}, which is no parameter or resource`);
    else if (attribute && !resource.Type.startsWith('AWS::Serverless::')) {
      const resourceType = resourceSpec(resource.Type);
      if (resourceType && !(attribute in resourceType.attributes)) errors.push(`${where}: ${resource.Type} has no attribute ${attribute}`);
    }
  }
  return errors;
}
