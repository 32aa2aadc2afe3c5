import { REPORT, UPLOAD, UPLOAD_SHA256, formData, type ConformanceCase } from '../conformance/cases.js';

const ORIGIN = 'https://app.example';
const UPLOADED = { name: 'notes.bin', type: 'application/octet-stream', size: UPLOAD.length, sha256: UPLOAD_SHA256 };
const FORM = formData({ name: 'ada', tag: 'x' }, { name: UPLOADED.name, type: UPLOADED.type, bytes: UPLOAD });

/**
 * What the koa-ecosystem fixture's npm middleware (@koa/cors, koa-helmet, koa-compress, koa-session, @koa/multer,
 * koa-body) answers: the same in server mode, per function, in a built artifact and under `wick host`.
 */
export const ECOSYSTEM_CASES: ConformanceCase[] = [
  {
    name: '@koa/cors answers a preflight',
    request: { method: 'OPTIONS', path: '/eco/report', headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-trace' } },
    expect: {
      status: 204,
      headers: {
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': /\bGET\b/,
        'access-control-allow-headers': 'x-trace',
      },
      text: '',
    },
  },
  {
    name: '@koa/cors marks a simple request',
    request: { method: 'GET', path: '/eco/brand', headers: { origin: ORIGIN } },
    expect: { status: 200, headers: { 'access-control-allow-origin': ORIGIN, 'access-control-expose-headers': 'x-request-id', vary: /origin/i }, json: { brand: 'ecosystem' } },
  },
  {
    name: "koa-helmet's headers, and app.context extensions reach every request",
    request: { method: 'GET', path: '/eco/brand' },
    expect: {
      status: 200,
      headers: {
        'content-security-policy': /default-src 'self'/,
        'strict-transport-security': /^max-age=\d+/,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'x-powered-by': null,
      },
      json: { brand: 'ecosystem' },
    },
  },
  {
    name: 'koa-compress gzips a JSON answer when asked',
    request: { method: 'GET', path: '/eco/report', headers: { 'accept-encoding': 'gzip' } },
    expect: { status: 200, headers: { 'content-encoding': 'gzip', 'content-type': /^application\/json/, vary: /accept-encoding/i }, json: REPORT },
  },
  {
    name: 'koa-compress leaves an answer alone for identity',
    request: { method: 'GET', path: '/eco/report', headers: { 'accept-encoding': 'identity' } },
    expect: { status: 200, headers: { 'content-encoding': null }, json: REPORT },
  },
  {
    name: 'koa-session on the Koa app keys: the cookie set by one request is read back by the next',
    request: { method: 'GET', path: '/eco/visits' },
    expect: { status: 200, json: { visits: 1 }, setCookies: [/^eco\.sess=[^;]+; path=\/; expires=.+; httponly$/, /^eco\.sess\.sig=[^;]+; path=\/; expires=.+; httponly$/] },
    then: { request: { method: 'GET', path: '/eco/visits' }, expect: { status: 200, json: { visits: 2 } } },
  },
  {
    name: '@koa/multer reads a multipart file and fields',
    request: { method: 'POST', path: '/eco/multer', ...FORM },
    expect: { status: 200, json: { fields: { name: 'ada', tag: 'x' }, file: UPLOADED } },
  },
  {
    name: 'koa-body reads a multipart file and fields',
    request: { method: 'POST', path: '/eco/koa-body', ...FORM },
    expect: { status: 200, json: { fields: { name: 'ada', tag: 'x' }, file: UPLOADED } },
  },
];
