import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListAliasesCommand, ListFunctionsCommand, paginateListFunctions,
  ResourceNotFoundException, type InvokeCommandOutput, type ListFunctionsResponse,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Manifest } from '../../src/functions/manifest.js';
import { eventually, useHost } from './helpers.js';

const host = useHost('host-sdk');
let lambda: LambdaClient;

beforeAll(() => {
  lambda = new LambdaClient({ endpoint: host.url, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
});

afterAll(() => lambda?.destroy());

async function invoke(name: string, payload: unknown, extra: { LogType?: 'Tail'; ClientContext?: string } = {}): Promise<InvokeCommandOutput & { body: any }> {
  const output = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }));
  return { ...output, body: output.Payload && JSON.parse(Buffer.from(output.Payload).toString('utf8')) };
}

/** An instance that failed this way exits right after reporting it: a request sent before that would meet it dying. */
function instancesExited(name: string): Promise<unknown> {
  return eventually(async () => (await host.fn(name)).instances.length === 0, 5000, `the instances of ${name} to exit`);
}

/** The error the SDK raised, so its name and status can be compared. */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('wick host through @aws-sdk/client-lambda: Invoke', () => {
  it("returns the invocation's log as LogResult (base64) with LogType Tail, and none without it", async () => {
    const tailed = await invoke('greet', { name: 'sdk' }, { LogType: 'Tail' });
    expect(tailed.StatusCode).toBe(200);
    expect(tailed.body).toEqual({ greeted: 'sdk' });
    const log = Buffer.from(tailed.LogResult!, 'base64').toString('utf8');
    expect(log).toMatch(/^hello, sdk$/m);
    expect(log).toMatch(new RegExp(`^REPORT RequestId: ${tailed.$metadata.requestId}\\tFunction: greet\\t.*Status: ok`, 'm'));
    expect((await invoke('greet', { name: 'plain' })).LogResult).toBeUndefined();
  });

  it('keeps only the last 4 KB of a long log, and only what the invocation itself wrote', async () => {
    await invoke('greet', { name: 'earlier' });
    const tailed = await invoke('greet', { name: 'verbose', lines: 200 }, { LogType: 'Tail' });
    const log = Buffer.from(tailed.LogResult!, 'base64');
    expect(log.length).toBe(4096);
    expect(log.toString('utf8')).toMatch(/^hello, verbose$/m);
    expect(log.toString('utf8')).not.toContain('hello, earlier');
  });

  it('refuses a LogType Lambda does not know', async () => {
    const err = await rejection(lambda.send(new InvokeCommand({ FunctionName: 'greet', LogType: 'Everything' as 'Tail' })));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it("hands ClientContext to a Wick event handler as its ctx.originContext.clientContext", async () => {
    const clientContext = { client: { installation_id: 'i-1', app_title: 'sdk test' }, custom: { tenant: 'acme' }, env: { platform: 'node' } };
    const result = await invoke('context', {}, { ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });
    expect(result.body.originContext).toMatchObject({ functionName: 'context', clientContext });
    expect((await invoke('context', {})).body.originContext.clientContext).toBeUndefined();
  });
});

describe('wick host through @aws-sdk/client-lambda: function errors as the Node.js runtime reports them', () => {
  it('a thrown error: its errorType and errorMessage, and the trace lines', async () => {
    const result = await invoke('fail', { mode: 'throw' });
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toEqual({ errorType: 'RangeError', errorMessage: 'out of range on purpose', trace: expect.arrayContaining(['RangeError: out of range on purpose']) });
    expect(result.body.trace[0]).toBe('RangeError: out of range on purpose');
    expect(result.body.trace[1]).toMatch(/^ {4}at /);
  });

  it('an uncaught exception while the invocation runs: the exception, not Runtime.ExitError, and the instance is replaced', async () => {
    const result = await invoke('fail', { mode: 'uncaught' });
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toEqual({ errorType: 'SyntaxError', errorMessage: 'nobody catches this', trace: expect.arrayContaining(['SyntaxError: nobody catches this']) });
    await host.waitFor(/\[fail\] \[[0-9a-f-]+\] ERROR\tUncaught Exception\t\{"errorType":"SyntaxError"/);
    await instancesExited('fail');
    expect((await invoke('fail', {})).FunctionError).toBeUndefined();
  });

  it('an unhandled rejection: Runtime.UnhandledPromiseRejection with the reason as its message', async () => {
    const result = await invoke('fail', { mode: 'rejection' });
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody awaits this', trace: expect.any(Array) });
    await instancesExited('fail');
  });

  it('an uncaught exception after the answer: the answer stands, the exception is logged as itself and the instance is replaced', async () => {
    const answered = await invoke('fail', { mode: 'after' });
    expect(answered.FunctionError).toBeUndefined();
    await host.waitFor(/\[fail\] \[-\] ERROR\tUncaught Exception\t\{"errorType":"EvalError","errorMessage":"thrown after the answer"/);
    await eventually(async () => !(await host.fn('fail')).instances.some((instance) => instance.pid === answered.body.pid), 5000, 'the instance to be gone');
    const next = await invoke('fail', {});
    expect(next.FunctionError).toBeUndefined();
    expect(next.body.pid).not.toBe(answered.body.pid);
  });

  it("a throw while the module loads keeps the error's own type", async () => {
    const result = await invoke('loadThrows', {});
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'TypeError', errorMessage: 'config is not an object', trace: expect.arrayContaining(['TypeError: config is not an object']) });
  });

  it('a syntax error while the module loads is Runtime.UserCodeSyntaxError, the original error as its message', async () => {
    const result = await invoke('badSyntax', {});
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/^SyntaxError: /), trace: expect.arrayContaining([expect.stringMatching(/^SyntaxError: /)]) });
  });

  it('a module that cannot be found is Runtime.ImportModuleError', async () => {
    const result = await invoke('missingDependency', {});
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringMatching(/^Error: Cannot find module 'wick-no-such-package'/) });
  });
});

describe('wick host through @aws-sdk/client-lambda: the read-only function APIs', () => {
  it('GetFunction answers the configuration from the manifest and where the code is', async () => {
    const { Configuration, Code } = await lambda.send(new GetFunctionCommand({ FunctionName: 'greet' }));
    const manifest = JSON.parse(readFileSync(join(host.out, 'manifest.json'), 'utf8')) as Manifest;
    const built = manifest.functions.find((fn) => fn.name === 'greet')!;
    expect(Configuration).toMatchObject({
      FunctionName: 'greet',
      FunctionArn: 'arn:aws:lambda:local:000000000000:function:greet',
      Runtime: manifest.runtime,
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 5,
      Version: '$LATEST',
      PackageType: 'Zip',
      State: 'Active',
      CodeSize: built.zipBytes,
      CodeSha256: Buffer.from(built.sha256, 'hex').toString('base64'),
      Environment: { Variables: { WICK_ENV: process.env.WICK_ENV || 'prod' } },
    });
    expect(Configuration!.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(Code).toMatchObject({ RepositoryType: 'S3', Location: expect.stringMatching(/^file:\/\/.*\/artifacts\/greet\.zip$/) });
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: Configuration!.FunctionArn }));
    expect(byArn.Configuration).toEqual(Configuration);
    expect(await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'greet' }))).toMatchObject(Configuration!);
  });

  it('GetFunction of an unknown function or version is ResourceNotFoundException (404)', async () => {
    const err = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe('Function not found: arn:aws:lambda:local:000000000000:function:nope');
    expect(await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'greet', Qualifier: '3' })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('ListFunctions lists every function of the manifest, page by page with Marker and MaxItems', async () => {
    const all = await lambda.send(new ListFunctionsCommand({}));
    expect(all.Functions!.map((fn) => fn.FunctionName)).toEqual(['badSyntax', 'context', 'fail', 'greet', 'loadThrows', 'missingDependency']);
    expect(all.NextMarker).toBeUndefined();
    expect(all.Functions!.find((fn) => fn.FunctionName === 'greet')).toMatchObject({ MemorySize: 256, Timeout: 5, Handler: 'index.handler' });
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    expect(first.Functions!.map((fn) => fn.FunctionName)).toEqual(['badSyntax', 'context']);
    expect(first.NextMarker).toEqual(expect.any(String));
    const pages: string[][] = [];
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) pages.push(page.Functions!.map((fn) => fn.FunctionName!));
    expect(pages).toEqual([['badSyntax', 'context'], ['fail', 'greet'], ['loadThrows', 'missingDependency']]);
    // The AWS CLI asks with a trailing slash.
    const cli = await fetch(`${host.url}/2015-03-31/functions/?MaxItems=1`);
    expect(cli.status).toBe(200);
    expect(((await cli.json()) as ListFunctionsResponse).Functions!.map((fn) => fn.FunctionName)).toEqual(['badSyntax']);
  });

  it('ListFunctions refuses a MaxItems or Marker Lambda would refuse', async () => {
    expect((await rejection(lambda.send(new ListFunctionsCommand({ MaxItems: 0 })))).name).toBe('InvalidParameterValueException');
    expect((await rejection(lambda.send(new ListFunctionsCommand({ Marker: 'not-a-marker' })))).name).toBe('InvalidParameterValueException');
  });
});

describe('wick host through @aws-sdk/client-lambda: what it does not serve', () => {
  it.each([
    ['ListAliases', () => new ListAliasesCommand({ FunctionName: 'greet' })],
    ['CreateFunction', () => new CreateFunctionCommand({ FunctionName: 'new', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: Buffer.from('zip') } })],
  ])('%s is a named error (UnknownOperationException, 404), not UnknownError', async (_name, command) => {
    const err = await rejection(lambda.send(command() as never));
    expect(err.name).toBe('UnknownOperationException');
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toMatch(/wick host serves Invoke, GetFunction, GetFunctionConfiguration and ListFunctions/);
  });

  it('another method on a served path is a named error too', async () => {
    const res = await fetch(`${host.url}/2015-03-31/functions/greet/invocations`, { method: 'PUT' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await res.json()).toEqual({ Type: 'User', Message: expect.stringMatching(/^wick host serves Invoke, GetFunction, GetFunctionConfiguration and ListFunctions.*PUT \/2015-03-31\/functions\/greet\/invocations/) });
  });
});
