import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { FunctionConfiguration, GetFunctionResponse, ListFunctionsResponse } from '@aws-sdk/client-lambda';
import { functionArn } from '../adapters/aws-lambda/identifiers.js';
import { awsError, LAMBDA_API_PATH, send, servedFunction } from './lambda-api.js';
import { type HostFunction } from './manifest.js';

/** What the read-only function APIs describe: the manifest's functions and what they all share. */
export interface FunctionCatalog {
  functions: HostFunction[];
  /** The Lambda runtime the build targets. */
  runtime: string;
  /** ISO time of the build. */
  builtAt: string;
  /** The variables the host sets for every function beyond Lambda's own (WICK_ENV). */
  environment: Record<string, string>;
}

/** ListFunctions answers at most 50 functions a page, whatever MaxItems asks. */
const PAGE_LIMIT = 50;
const MAX_ITEMS = 10_000;

/** `2026-12-01T11:12:44.096+0000`, as Lambda writes LastModified. */
function lastModified(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

function configuration(fn: HostFunction, catalog: FunctionCatalog): FunctionConfiguration {
  const variables = Object.keys(catalog.environment).length ? { Environment: { Variables: catalog.environment } } : {};
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(fn.name),
    Runtime: catalog.runtime as FunctionConfiguration['Runtime'],
    Handler: fn.handler,
    CodeSize: fn.code?.bytes ?? 0,
    // Lambda's CodeSha256 is the package digest in base64; the manifest keeps it in hex.
    CodeSha256: Buffer.from(fn.code?.sha256 ?? '', 'hex').toString('base64'),
    Description: '',
    Timeout: fn.timeoutMs / 1000,
    MemorySize: fn.memorySize,
    LastModified: lastModified(catalog.builtAt),
    Version: '$LATEST',
    ...variables,
    PackageType: 'Zip',
    State: 'Active',
    LastUpdateStatus: 'Successful',
  };
}

/** A body typed by the SDK's own response shapes, so a field name or type the SDK would not read fails to compile. */
function json(body: GetFunctionResponse | ListFunctionsResponse | FunctionConfiguration): string {
  return JSON.stringify(body);
}

/** ListFunctions' Marker: opaque to the caller, here the name of the first function of the next page. */
const marker = (name: string) => Buffer.from(name).toString('base64url');

/**
 * The read-only Lambda function APIs, answered from the manifest: GetFunction, GetFunctionConfiguration and
 * ListFunctions (sorted by name, paged with Marker and MaxItems as Lambda pages them).
 */
export function mountFunctionApi(router: Router, catalog: FunctionCatalog): void {
  const byName = new Map(catalog.functions.map((fn) => [fn.name, fn]));
  const sorted = [...catalog.functions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = (ctx: Koa.Context, requestId: string) => servedFunction(ctx, requestId, (name) => byName.has(name));

  router.get('/2015-03-31/functions/:name', (ctx) => {
    ctx.respond = false;
    const requestId = randomUUID();
    const name = found(ctx, requestId);
    if (name === undefined) return;
    const fn = byName.get(name)!;
    const code = fn.code ? { RepositoryType: 'S3', Location: pathToFileURL(fn.code.zip).href } : undefined;
    send(ctx.res, 200, requestId, json({ Configuration: configuration(fn, catalog), ...(code && { Code: code }) }));
  });

  router.get('/2015-03-31/functions/:name/configuration', (ctx) => {
    ctx.respond = false;
    const requestId = randomUUID();
    const name = found(ctx, requestId);
    if (name !== undefined) send(ctx.res, 200, requestId, json(configuration(byName.get(name)!, catalog)));
  });

  router.get('/2015-03-31/functions', (ctx) => {
    ctx.respond = false;
    const requestId = randomUUID();
    const { MaxItems, Marker } = ctx.query;
    const maxItems = MaxItems === undefined ? PAGE_LIMIT : Number(MaxItems);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_ITEMS) {
      return awsError(ctx.res, 400, 'InvalidParameterValueException', `1 validation error detected: Value '${MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${MAX_ITEMS}`, requestId);
    }
    const start = typeof Marker === 'string' ? sorted.findIndex((fn) => marker(fn.name) === Marker) : 0;
    if (start < 0) return awsError(ctx.res, 400, 'InvalidParameterValueException', `Invalid marker: ${Marker}`, requestId);
    const end = start + Math.min(maxItems, PAGE_LIMIT);
    const page: ListFunctionsResponse = { Functions: sorted.slice(start, end).map((fn) => configuration(fn, catalog)) };
    if (end < sorted.length) page.NextMarker = marker(sorted[end].name);
    send(ctx.res, 200, requestId, json(page));
  });
}

/**
 * Any other request under the Lambda API's paths, as the Lambda API answers an operation it does not know: 404
 * UnknownOperationException, which the SDKs raise by that name. Other paths go on to the app's triggers.
 */
export function unknownLambdaOperations(): Koa.Middleware {
  return (ctx, next) => {
    if (!LAMBDA_API_PATH.test(ctx.path)) return next();
    ctx.respond = false;
    ctx.req.resume();
    const message = `wick host serves Invoke, GetFunction, GetFunctionConfiguration and ListFunctions of the Lambda API: ${ctx.method} ${ctx.path} is none of them`;
    awsError(ctx.res, 404, 'UnknownOperationException', message, randomUUID());
  };
}
