import { existsSync, readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import { schemaErrors, strictSchema } from './json-schema.js';
import { parse } from 'yaml';

/**
 * A service.yaml checker with Knative Serving's own schema for serving.knative.dev/v1 Service: the OpenAPI v3 schema
 * of its CustomResourceDefinition (knative/serving config/core/300-resources/service.yaml), made strict: every
 * object it describes rejects unknown fields (the API server would prune or keep them silently, so a misspelt
 * `containerConcurency` deploys without the limit). The CRD leaves `metadata` to Kubernetes, so the Service's own
 * metadata gets the ObjectMeta fields this project writes, with Kubernetes' rule for a Service name (a DNS-1035
 * label). @kubernetes-models/knative on npm validates with the same CRD but lets unknown fields through.
 *
 * The CRD is a copy (test/fixtures/schemas/SOURCES.md names its source and commit), taken from the project's
 * fixtures or, until one is there, from the shared folder beside the repository.
 */
const CANDIDATES = [
  new URL('../../../fixtures/schemas/knative-service.crd.yaml', import.meta.url),
  new URL('../../../../../shared/schemas/knative-service.crd.yaml', import.meta.url),
];

export const KNATIVE_CRD = CANDIDATES.find((url) => existsSync(url));

type Schema = Record<string, unknown>;

const OBJECT_META: Schema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

let validateService: ValidateFunction | undefined;

function serviceValidator(): ValidateFunction {
  if (!KNATIVE_CRD) throw new Error('no copy of the Knative Service CRD (see test/fixtures/schemas/SOURCES.md)');
  if (!validateService) {
    const crd = parse(readFileSync(KNATIVE_CRD, 'utf8'));
    const v1 = crd.spec.versions.find((version: { name: string }) => version.name === 'v1');
    const schema = strictSchema(v1.schema.openAPIV3Schema) as Schema & { properties: Schema };
    schema.properties.metadata = OBJECT_META;
    schema.properties.apiVersion = { const: 'serving.knative.dev/v1' };
    schema.properties.kind = { const: 'Service' };
    schema.required = ['apiVersion', 'kind', 'metadata', 'spec'];
    validateService = new AjvModule.default({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return validateService;
}

export function knativeErrors(service: unknown): string[] {
  const validate = serviceValidator();
  return validate(service) ? [] : schemaErrors(validate, 'service');
}
