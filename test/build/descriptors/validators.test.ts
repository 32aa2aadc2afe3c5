import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { samFiles } from '../../../adapters/aws-lambda/deploy/sam.js';
import { serverlessDevsFiles } from '../../../adapters/aliyun-fc/deploy/serverless-devs.js';
import { tencentFiles } from '../../../adapters/tencent-scf/deploy/serverless.js';
import { knativeFiles } from '../../../src/build/descriptors/knative.js';
import { type DescriptorFile } from '../../../adapters/common/descriptors/files.js';
import { type Manifest } from '../../../src/functions/manifest.js';
import { fn, fullManifest, manifest, queue } from './manifests.js';
import { cloudFormationErrors } from './validators/cloudformation.js';
import { FC3_SCHEMA, serverlessDevsErrors } from './validators/serverless-devs.js';
import { KNATIVE_CRD, knativeErrors } from './validators/knative.js';
import { tencentErrors } from './validators/tencent.js';

/*
 * The generated descriptors pass what each platform's own tools check, and each planted mistake is caught, which
 * proves the checker bites. Each planted mistake edits the generated file as read back from its YAML.
 */
type Doc = Record<string, any>;
type Plant = [mistake: string, plant: (doc: Doc) => void, caught: RegExp];

const read = (files: DescriptorFile[], name: string): Doc => parse(files.find((file) => file.file === name)!.text);

/** Every trigger and setting, plus a tagged queue, for each platform that can express it. */
const withTags = (platform: string): Manifest => ({ ...fullManifest(platform), functions: [...fullManifest(platform).functions, fn('paid', [queue('payments', ['paid'])])] });

function checks(name: string, generate: () => Doc, errorsOf: (doc: Doc) => string[], plants: Plant[]): void {
  describe(name, () => {
    it('passes for the full sample manifest', () => {
      expect(errorsOf(generate())).toEqual([]);
    });
    it.each(plants)('catches %s', (_mistake, plant, caught) => {
      const doc = generate();
      plant(doc);
      const errors = errorsOf(doc);
      expect(errors.some((error) => caught.test(error)), errors.join('\n')).toBe(true);
    });
  });
}

const fnProps = (doc: Doc, id: string) => doc.Resources[id].Properties;
const event = (doc: Doc, id: string) => Object.values(fnProps(doc, id).Events as Doc)[0] as Doc;

checks('template.yaml: SAM schema, CloudFormation resource specification, Lambda API and SAM rules', () => read(samFiles(withTags('aws')), 'template.yaml'), cloudFormationErrors, [
  ['an HTTP method GETT', (doc) => (event(doc, 'StatsApiFunction').Properties.Method = 'GETT'), /Method: HTTP APIs have no method "GETT"/],
  ['runtime nodejs99.x', (doc) => (fnProps(doc, 'StatsApiFunction').Runtime = 'nodejs99.x'), /Runtime: Lambda has no runtime "nodejs99.x"/],
  ['memory "lots"', (doc) => (fnProps(doc, 'StatsApiFunction').MemorySize = 'lots'), /MemorySize/],
  ['timeout 5000', (doc) => (fnProps(doc, 'StatsApiFunction').Timeout = 5000), /Timeout: Lambda takes 1 to 900, got 5000/],
  ['memory 64', (doc) => (fnProps(doc, 'StatsApiFunction').MemorySize = 64), /MemorySize: Lambda takes 128 to 10240/],
  ['S3 events without the s3: prefix', (doc) => (event(doc, 'AvatarTaskResizeFunction').Properties.Events = ['ObjectCreated:*']), /is not an S3 event name/],
  ['a 5-field cron', (doc) => (event(doc, 'ReportTaskHourlyFunction').Properties.Schedule = 'cron(0 * * * *)'), /is not an EventBridge rate\(\) or six-field cron\(\)/],
  ['rate(1 minutes)', (doc) => (Object.values(fnProps(doc, 'ReportTaskHourlyFunction').Events as Doc)[1].Properties.Schedule = 'rate(1 minutes)'), /Schedule/],
  ['provisioned concurrency without an alias', (doc) => delete fnProps(doc, 'UserControllerFunction').AutoPublishAlias, /SAM requires AutoPublishAlias/],
  ['a Fn::Sub to a missing resource', (doc) => (doc.Outputs.ApiUrl.Value = { 'Fn::Sub': 'https://${MissingApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' }), /refers to MissingApi/],
  ['a Ref to a missing parameter', (doc) => (doc.Resources.UploadsBucket.Properties.BucketName = { Ref: 'UploadBucketName' }), /refers to UploadBucketName/],
  ['a GetAtt of an attribute SQS queues lack', (doc) => (event(doc, 'OrderTaskOnOrderFunction').Properties.Queue = { 'Fn::GetAtt': ['OrdersQueue', 'Arnn'] }), /AWS::SQS::Queue has no attribute Arnn/],
  ['a typo in a bucket property', (doc) => (doc.Resources.UploadsBucket.Properties = { BucketNmae: 'uploads' }), /UploadsBucket\.Properties\.BucketNmae: no such property/],
  ['a typo in a queue property', (doc) => (doc.Resources.OrdersQueue.Properties.VisibiltyTimeout = 60), /OrdersQueue\.Properties\.VisibiltyTimeout: no such property/],
  ['a queue timeout as a word', (doc) => (doc.Resources.OrdersQueue.Properties.VisibilityTimeout = 'long'), /VisibilityTimeout: must be a integer/],
  ['a resource type that does not exist', (doc) => (doc.Resources.OrdersQueue.Type = 'AWS::SQS::Queues'), /CloudFormation has no resource type AWS::SQS::Queues/],
  ['a typo in a function property', (doc) => (fnProps(doc, 'StatsApiFunction').MemorySzie = 256), /SAM schema/],
  ['an SQS filter that is not JSON', (doc) => (event(doc, 'PaidFunction').Properties.FilterCriteria.Filters[0].Pattern = '{tag: paid}'), /is not JSON/],
]);

const fcProps = (doc: Doc, key: string) => doc.resources[key].props;

describe.skipIf(!FC3_SCHEMA)('s.yaml (fc3 schema: needs its copy, see test/fixtures/schemas/SOURCES.md)', () => {
  checks('s.yaml: fc3 schema, strict', () => read(serverlessDevsFiles(withTags('aliyun')), 's.yaml'), serverlessDevsErrors, [
    ['runtime nodejs99', (doc) => (fcProps(doc, 'stats-api').runtime = 'nodejs99'), /props\.runtime: must be equal to one of the allowed values/],
    ['memory "lots"', (doc) => (fcProps(doc, 'stats-api').memorySize = 'lots'), /props\.memorySize: must be integer/],
    ['memory not a multiple of 64', (doc) => (fcProps(doc, 'stats-api').memorySize = 200), /props\.memorySize: must be multiple of 64/],
    ['timeout 100000', (doc) => (fcProps(doc, 'stats-api').timeout = 100_000), /props\.timeout: must be <= 86400/],
    ['provisionConfig without alwaysAllocateCPU', (doc) => delete fcProps(doc, 'userController').provisionConfig.alwaysAllocateCPU, /provisionConfig: must have required property 'alwaysAllocateCPU'/],
    ['provisionConfig as wick wrote it before', (doc) => (fcProps(doc, 'userController').provisionConfig = { defaultTarget: 1 }), /provisionConfig: must have required property/],
    ['a trigger type httpp', (doc) => (fcProps(doc, 'stats-api').triggers[0].triggerType = 'httpp'), /triggerType: must be equal to one of the allowed values/],
    ['a timer without enable', (doc) => delete fcProps(doc, 'reportTask-hourly').triggers[0].triggerConfig.enable, /triggers\.0\.triggerConfig: must have required property 'enable'/],
    ['an MNS retry strategy FC lacks', (doc) => (fcProps(doc, 'orderTask-onOrder').triggers[0].triggerConfig.notifyStrategy = 'RETRY'), /notifyStrategy: must be equal to one of the allowed values/],
    ['a typo in an OSS trigger filter', (doc) => (fcProps(doc, 'avatarTask-resize').triggers[0].triggerConfig.filter.key.prefx = ''), /additional properties \(prefx\)/],
    ['an unknown region', (doc) => (doc.vars.region = 'mars-north-1'), /props\.region: must be equal to one of the allowed values/],
    ['a var that is not set', (doc) => delete doc.vars.uploadsBucket, /\$\{vars\.uploadsBucket\} names no var/],
    ['a typo in a prop', (doc) => (fcProps(doc, 'stats-api').memorySzie = 256), /must NOT have additional properties \(memorySzie\)/],
    ['a reserved concurrency as a word', (doc) => (fcProps(doc, 'userController').concurrencyConfig.reservedConcurrency = 'five'), /reservedConcurrency: must be number/],
    ['another component', (doc) => (doc.resources['stats-api'].component = 'fc'), /component: must be fc3/],
  ]);
});

const scfFunction = (doc: Doc, key: string) => doc.functions[key];

checks("serverless.yml: serverless-tencent-scf's rules and SCF's values", () => read(tencentFiles(fullManifest('tencent')), 'serverless.yml'), tencentErrors, [
  ['runtime nodejs99', (doc) => (scfFunction(doc, 'stats-api').runtime = 'Nodejs99'), /runtime: SCF has no Node.js runtime "Nodejs99"/],
  ['memory "lots"', (doc) => (scfFunction(doc, 'stats-api').memorySize = 'lots'), /memorySize: SCF takes 64 to 3072 MB, got "lots"/],
  ['timeout 5000', (doc) => (scfFunction(doc, 'stats-api').timeout = 5000), /timeout: SCF event functions take 1 to 900 s/],
  ['an event type the plugin does not support', (doc) => (scfFunction(doc, 'orderTask-onOrder').events = [{ sqs: { name: 'orders', parameters: {} } }]), /event type "sqs" not supported/],
  ['a 6-field cron', (doc) => (scfFunction(doc, 'reportTask-hourly').events[0].timer.parameters.cronExpression = '0 0 * * * *'), /seven-field cron/],
  ['an HTTP method GETT', (doc) => (scfFunction(doc, 'stats-api').events[0].apigw.parameters.httpMethod = 'GETT'), /API Gateway has no method "GETT"/],
  ['COS events without the cos: prefix', (doc) => (scfFunction(doc, 'avatarTask-resize').events[0].cos.parameters.events = 'ObjectCreated:*'), /is not a COS event name/],
  ['a COS trigger not named after its bucket', (doc) => (scfFunction(doc, 'avatarTask-resize').events[0].cos.name = 'uploads'), /cos\.name: must be the bucket/],
  ['a parameter the plugin drops', (doc) => (scfFunction(doc, 'stats-api').events[0].apigw.parameters.method = 'GET'), /parameters\.method: the plugin reads no such parameter/],
  ['a function key the plugin drops', (doc) => (scfFunction(doc, 'stats-api').memory = 256), /stats-api\.memory: the plugin reads no such key/],
  ['a service name starting with a digit', (doc) => (doc.service = '1shop'), /service: "1shop" is not a valid service name/],
  ['another provider', (doc) => (doc.provider.name = 'aws'), /provider\.name: must be tencent/],
]);

describe.skipIf(!KNATIVE_CRD)('service.yaml (Knative CRD: needs its copy, see test/fixtures/schemas/SOURCES.md)', () => {
  const service = () => read(knativeFiles(fullManifest()), 'knative/userController/service.yaml');
  const podSpec = (doc: Doc) => doc.spec.template.spec;
  checks('service.yaml: Knative Serving v1 Service CRD schema, strict', service, knativeErrors, [
    ['a typo in the revision spec', (doc) => (podSpec(doc).containerConcurency = 4), /additional properties \(containerConcurency\)/],
    ['a typo in a container', (doc) => (podSpec(doc).containers[0].portz = []), /additional properties \(portz\)/],
    ['a typo in the template metadata', (doc) => (doc.spec.template.metadata.annotatons = {}), /additional properties \(annotatons\)/],
    ['a typo in the service metadata', (doc) => (doc.metadata.lables = {}), /additional properties \(lables\)/],
    ['concurrency as a word', (doc) => (podSpec(doc).containerConcurrency = 'four'), /containerConcurrency: must be integer/],
    ['an annotation that is not a string', (doc) => (doc.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'] = 1), /must be string/],
    ['a port as a word', (doc) => (podSpec(doc).containers[0].ports[0].containerPort = 'http'), /containerPort: must be integer/],
    ['no containers', (doc) => delete podSpec(doc).containers, /must have required property 'containers'/],
    ['a service name that is no DNS label', (doc) => (doc.metadata.name = 'User_Controller'), /metadata\.name: must match pattern/],
    ['another API version', (doc) => (doc.apiVersion = 'serving.knative.dev/v2'), /apiVersion: must be equal to constant/],
  ]);
});
