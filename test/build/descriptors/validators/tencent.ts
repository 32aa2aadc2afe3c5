/**
 * A serverless.yml checker with the rules the Tencent plugin applies (serverless-tencent-scf 0.1.36, the version
 * the file names: shared/validate.js checks the service name and event types; provider/tencentProvider.js reads
 * each function's and event's keys, requires a timer's cronExpression and drops every key it does not read) and
 * the values SCF's CreateFunction and CreateTrigger APIs take. The plugin itself cannot run here: it needs the
 * Tencent Cloud SDKs and credentials at load time, so its rules are applied as it publishes them.
 */
const SERVICE_NAME = /^[a-zA-Z_][a-zA-Z0-9\-_]*$/;

/** The keys tencentProvider.js reads: anything else is dropped on deploy. */
const FUNCTION_KEYS = new Set(['handler', 'runtime', 'memorySize', 'timeout', 'description', 'role', 'environment', 'vpcConfig', 'events']);
const EVENT_PARAMETERS: Record<string, string[]> = {
  apigw: ['stageName', 'httpMethod', 'serviceId', 'integratedResponse', 'enable', 'path', 'serviceTimeout', 'enableCORS'],
  cos: ['bucket', 'events', 'filter', 'enable'],
  cmq: ['name', 'enable'],
  timer: ['cronExpression', 'enable'],
  ckafka: ['name', 'topic', 'maxMsgNum', 'offset', 'enable'],
};

/** SCF's Node.js runtime identifiers (SCF Node.js notes and CreateFunction's Runtime). */
const SCF_NODE_RUNTIMES = new Set(['Nodejs20.15', 'Nodejs18.15', 'Nodejs16.13', 'Nodejs14.18', 'Nodejs12.16', 'Nodejs10.15']);
const APIGW_METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

type Entry = Record<string, unknown>;

function functionErrors(name: string, fn: Entry): string[] {
  const path = `functions.${name}`;
  const errors = Object.keys(fn).filter((key) => !FUNCTION_KEYS.has(key)).map((key) => `${path}.${key}: the plugin reads no such key`);
  if (typeof fn.handler !== 'string' || !/^[\w./-]+\.[A-Za-z_$][\w$]*$/.test(fn.handler)) errors.push(`${path}.handler: must be <file>.<export>`);
  if (!SCF_NODE_RUNTIMES.has(String(fn.runtime))) errors.push(`${path}.runtime: SCF has no Node.js runtime ${JSON.stringify(fn.runtime)}`);
  if (!(Number.isInteger(fn.memorySize) && (fn.memorySize as number) >= 64 && (fn.memorySize as number) <= 3072)) errors.push(`${path}.memorySize: SCF takes 64 to 3072 MB, got ${JSON.stringify(fn.memorySize)}`);
  if (!(Number.isInteger(fn.timeout) && (fn.timeout as number) >= 1 && (fn.timeout as number) <= 900)) errors.push(`${path}.timeout: SCF event functions take 1 to 900 s, got ${JSON.stringify(fn.timeout)}`);
  ((fn.events ?? []) as Entry[]).forEach((event, index) => {
    const at = `${path}.events[${index}]`;
    const [type, ...more] = Object.keys(event);
    if (more.length > 0 || !(type in EVENT_PARAMETERS)) return errors.push(`${at}: event type "${type}" not supported: supported event types are ${Object.keys(EVENT_PARAMETERS).join(', ')}`);
    const { name: eventName, parameters = {}, ...rest } = event[type] as { name?: string; parameters?: Entry };
    if (!eventName) errors.push(`${at}.${type}.name: required`);
    errors.push(...Object.keys(rest).map((key) => `${at}.${type}.${key}: the plugin reads no such key`));
    errors.push(...Object.keys(parameters).filter((key) => !EVENT_PARAMETERS[type].includes(key)).map((key) => `${at}.${type}.parameters.${key}: the plugin reads no such parameter`));
    if (type === 'timer' && !/^\S+( \S+){6}$/.test(String(parameters.cronExpression ?? ''))) errors.push(`${at}.timer.parameters.cronExpression: SCF timers take a seven-field cron, got ${JSON.stringify(parameters.cronExpression)}`);
    if (type === 'apigw' && !APIGW_METHODS.has(String(parameters.httpMethod))) errors.push(`${at}.apigw.parameters.httpMethod: API Gateway has no method ${JSON.stringify(parameters.httpMethod)}`);
    if (type === 'cos' && !/^cos:[A-Za-z]+:/.test(String(parameters.events))) errors.push(`${at}.cos.parameters.events: ${JSON.stringify(parameters.events)} is not a COS event name (cos:...)`);
    if (type === 'cos' && eventName !== parameters.bucket) errors.push(`${at}.cos.name: must be the bucket`);
  });
  return errors;
}

export function tencentErrors(service: Entry): string[] {
  const errors: string[] = [];
  const name = String(service.service ?? '');
  if (!SERVICE_NAME.test(name) || name.length > 128) errors.push(`service: ${JSON.stringify(name)} is not a valid service name`);
  const provider = (service.provider ?? {}) as Entry;
  if (provider.name !== 'tencent') errors.push('provider.name: must be tencent');
  if (!((service.plugins ?? []) as string[]).includes('serverless-tencent-scf')) errors.push('plugins: must list serverless-tencent-scf');
  for (const [key, fn] of Object.entries((service.functions ?? {}) as Record<string, Entry>)) errors.push(...functionErrors(key, fn));
  return errors;
}
