import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import type Koa from 'koa';
import { PayloadTooLargeError } from '../src/errors/http-errors.js';
import { hostName, isIpLiteral, isLoopback } from '../src/http/listen-address.js';
import { readBytes } from '../src/http/request-body.js';
import { answerBodyError, awsError, LAMBDA_API_PATH } from './lambda-api.js';
import { MAX_SYNC_PAYLOAD } from './protocol.js';
import { isSigV4, signatureProblem } from './sigv4.js';

/*
 * Who may use the host's control surfaces: the Lambda API (Invoke, the function APIs) and every `/-/` route
 * (status, bill). The app's own routes, the gateway, are open to any client and site, as an API gateway is.
 */

export interface ControlAccess {
  /** The address the host listens on. */
  boundHost: string;
  /** Host names accepted beyond loopback names and IP addresses (`--allowed-host`). */
  allowedHosts: readonly string[];
  /** The secret a request must prove (`--token`): as a bearer token or as the SigV4 secret access key. */
  token?: string;
}

/** Whether a path is the host's own API rather than an app route. */
export function isControlPath(path: string): boolean {
  return path.startsWith('/-/') || LAMBDA_API_PATH.test(path);
}

/**
 * A Host a browser sends for this host, and no DNS rebinding can forge: an IP address (a page reached by address
 * has that address as its origin), a loopback name, the bound name and the names the operator added.
 */
function hostAllowed(name: string, access: ControlAccess): boolean {
  return isIpLiteral(name) || isLoopback(name) || [access.boundHost, ...access.allowedHosts].some((allowed) => hostName(allowed) === name);
}

/** Why the request comes from another site (its Origin is not this host's, or the browser says cross-site), if it does. */
function crossSite(req: Koa.Request): string | undefined {
  const origin = req.get('origin');
  if (origin && origin.toLowerCase() !== `http://${req.get('host').toLowerCase()}`) return `a request from ${origin} (another origin)`;
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `a ${site} request`;
  return undefined;
}

/** Equal-time comparison of the bearer token: digests first, so neither content nor length leaks through timing. */
function sameToken(given: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Bodies the signature check has read, for the route to take. */
const readBodies = new WeakMap<IncomingMessage, Promise<Buffer>>();

/** A control request's body: read once, by the signature check when it needed it, else by the route. */
export function controlBody(ctx: Koa.Context, limit: number): Promise<Buffer> {
  const read = readBodies.get(ctx.req) ?? readBytes(ctx.req, limit);
  return read.then((body) => {
    if (body.length > limit) throw new PayloadTooLargeError(`request body exceeds the ${limit} limit`);
    return body;
  });
}

/**
 * Refuses, with a 403 in the Lambda API's error format, a control request whose Host is not one of this host's
 * names (DNS rebinding), that comes from another site, or, with a token, that does not prove it: `Authorization:
 * Bearer <token>`, or an AWS SigV4 signature made with the token as the secret access key (what an SDK sends).
 */
export function controlAccess(access: ControlAccess): Koa.Middleware {
  const { token } = access;
  return async (ctx, next) => {
    if (!isControlPath(ctx.path)) return next();
    const refuse = (code: string, message: string) => {
      ctx.respond = false;
      ctx.req.resume();
      awsError(ctx.res, 403, code, message, randomUUID());
    };
    const host = ctx.get('host');
    if (host && !hostAllowed(hostName(host), access)) {
      return refuse('AccessDeniedException', `wick host does not answer to the Host ${JSON.stringify(host)} on its control routes (a DNS rebinding guard): use its address or a loopback name, or give wick host the name with --allowed-host`);
    }
    const foreign = crossSite(ctx.request);
    if (foreign) return refuse('AccessDeniedException', `wick host refuses ${foreign} on its control routes: only its own pages, the CLI and SDKs may call them`);
    if (token === undefined) return next();
    const authorization = ctx.get('authorization');
    if (/^bearer /i.test(authorization)) {
      if (sameToken(authorization.slice(7), token)) return next();
      return refuse('UnrecognizedClientException', 'the bearer token is not the host token');
    }
    if (!isSigV4(authorization)) return refuse('UnrecognizedClientException', 'wick host needs its token: Authorization: Bearer <token>, or an AWS SDK with the token as its secret access key');
    const read = readBytes(ctx.req, MAX_SYNC_PAYLOAD);
    readBodies.set(ctx.req, read);
    let body: Buffer;
    try {
      body = await read;
    } catch (err) {
      ctx.respond = false;
      return answerBodyError(ctx.res, err, MAX_SYNC_PAYLOAD, randomUUID());
    }
    const problem = signatureProblem(ctx.req, body, token);
    if (problem) return refuse('InvalidSignatureException', problem);
    return next();
  };
}
