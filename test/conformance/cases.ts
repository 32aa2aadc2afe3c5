import { createHash } from 'node:crypto';

/** A request as a client means it; each target turns it into its own wire or event format. */
export interface ConformanceRequest {
  method: string;
  /** Path without query, percent-encoded as on the wire. */
  path: string;
  query?: Record<string, string | string[]>;
  /** Lower-case names. Repeated headers as arrays. */
  headers?: Record<string, string | string[]>;
  cookies?: Record<string, string>;
  body?: Buffer;
}

/** What came back, whatever the target: set-cookie is always an array. */
export interface ConformanceResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The client already undid the content-encoding (fetch does); otherwise the body is as sent. */
  bodyDecoded?: boolean;
}

export interface ConformanceExpectation {
  status: number;
  /** Header values to match exactly (string) or by pattern; `null` means the header must be absent. */
  headers?: Record<string, string | RegExp | null>;
  json?: unknown;
  text?: string;
  bytes?: number[];
  /** Each pattern must match one Set-Cookie value, in order. */
  setCookies?: RegExp[];
}

export interface ConformanceCase {
  name: string;
  request: ConformanceRequest;
  expect: ConformanceExpectation;
  /** A second request, sent with the cookies the first answer set (a session round trip), and what it must get. */
  then?: { request: ConformanceRequest; expect: ConformanceExpectation };
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });
export const UPLOAD = Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x80, 0xfd, 0xfe, 0xff, 0x0a, 0x0d]);
export const UPLOAD_SHA256 = createHash('sha256').update(UPLOAD).digest('hex');
const ORIGIN = 'https://app.example';
/** A JSON answer over koa-compress's 1 KB threshold, as /conf/report (and the ecosystem fixture's /eco/report) give it. */
export const REPORT = { rows: Array.from({ length: 100 }, (_, index) => ({ index, label: `row ${index}` })) };

/** A multipart/form-data request (as a browser's form sends it): text fields, then one file under `file`. */
export function formData(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): Pick<ConformanceRequest, 'headers' | 'body'> {
  const boundary = '----wick-conformance-boundary';
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`;
  const body = Buffer.concat([...parts, Buffer.from(head), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

/**
 * The one table of cases: every target (server mode, the runtime host, each adapter with each HTTP
 * event shape) must give these answers for the conformance fixture app.
 */
export const CASES: ConformanceCase[] = [
  {
    name: 'GET with a query parameter returns JSON',
    request: { method: 'GET', path: '/conf/hello', query: { name: 'ada' } },
    expect: { status: 200, headers: { 'content-type': /^application\/json/ }, json: { message: 'hello ada' } },
  },
  {
    name: 'repeated query keys arrive as an array',
    request: { method: 'GET', path: '/conf/query', query: { tag: ['a', 'b'], single: 'x y' } },
    expect: { status: 200, json: { query: { tag: ['a', 'b'], single: 'x y' } } },
  },
  {
    name: 'single and repeated request headers reach the handler',
    request: { method: 'GET', path: '/conf/headers', headers: { 'x-single': 'one', 'x-multi': ['first', 'second'] } },
    expect: { status: 200, json: { single: 'one', multi: ['first', 'second'], host: true } },
  },
  {
    name: 'POST JSON body is parsed',
    request: { method: 'POST', path: '/conf/echo', ...json({ name: 'ada', tags: ['x'] }) },
    expect: { status: 200, json: { body: { name: 'ada', tags: ['x'] }, type: 'application/json' } },
  },
  {
    name: 'PUT JSON body is parsed',
    request: { method: 'PUT', path: '/conf/echo', ...json({ n: 1 }) },
    expect: { status: 200, json: { replaced: { n: 1 } } },
  },
  {
    name: 'binary request body arrives byte for byte',
    request: { method: 'POST', path: '/conf/upload', headers: { 'content-type': 'application/octet-stream' }, body: UPLOAD },
    expect: { status: 200, json: { length: UPLOAD.length, sha256: UPLOAD_SHA256 } },
  },
  {
    name: 'binary response is returned byte for byte',
    request: { method: 'GET', path: '/conf/binary' },
    expect: { status: 200, headers: { 'content-type': 'image/png' }, bytes: [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01] },
  },
  {
    name: 'streamed response arrives whole',
    request: { method: 'GET', path: '/conf/stream' },
    expect: { status: 200, headers: { 'content-type': /^text\/plain/ }, text: 'streamed in chunks' },
  },
  {
    name: 'HEAD answers the headers of GET without a body',
    request: { method: 'HEAD', path: '/conf/hello' },
    expect: { status: 200, headers: { 'content-type': /^application\/json/ }, text: '' },
  },
  {
    name: 'cookies in, and two Set-Cookie headers out',
    request: { method: 'GET', path: '/conf/cookies', cookies: { visitor: 'v42', lang: 'en' } },
    expect: { status: 200, json: { seen: 'v42', other: 'en' }, setCookies: [/^session=abc123; path=\/; httponly$/, /^theme=dark; path=\//] },
  },
  {
    name: 'text response with a decorator header',
    request: { method: 'GET', path: '/conf/text' },
    expect: { status: 200, headers: { 'content-type': /^text\/plain/, 'x-powered-by': 'wick' }, text: 'plain text' },
  },
  {
    name: 'HTML response',
    request: { method: 'GET', path: '/conf/html' },
    expect: { status: 200, headers: { 'content-type': /^text\/html/ }, text: '<p>hi</p>' },
  },
  {
    name: 'route parameter converted to a number',
    request: { method: 'GET', path: '/conf/users/42' },
    expect: { status: 200, json: { id: 42 } },
  },
  {
    name: 'non-numeric route parameter is a 400',
    request: { method: 'GET', path: '/conf/users/abc' },
    expect: { status: 400, headers: { 'content-type': /^application\/json/ }, json: { error: { status: 400, message: 'route parameter "id" must be a number, got "abc"', requestId: 'rid-conformance' } } },
  },
  {
    name: 'DELETE with no result is a 204 with no body',
    request: { method: 'DELETE', path: '/conf/users/7' },
    expect: { status: 204, text: '' },
  },
  {
    name: 'redirect',
    request: { method: 'GET', path: '/conf/moved' },
    expect: { status: 302, headers: { location: '/conf/hello' } },
  },
  {
    name: 'valid DTO is created with 201',
    request: { method: 'POST', path: '/conf/items', ...json({ name: 'pen', quantity: 2, extra: true }) },
    expect: { status: 201, json: { name: 'pen', quantity: 2 } },
  },
  {
    name: 'invalid DTO is a 422 with details',
    request: { method: 'POST', path: '/conf/items', ...json({ name: '', quantity: 0 }) },
    expect: {
      status: 422,
      json: {
        error: {
          status: 422,
          message: 'Validation failed',
          requestId: 'rid-conformance',
          details: [
            { property: 'name', constraints: { isLength: 'name must be longer than or equal to 1 characters' } },
            { property: 'quantity', constraints: { min: 'quantity must not be less than 1' } },
          ],
        },
      },
    },
  },
  {
    name: 'malformed JSON is a 400',
    request: { method: 'POST', path: '/conf/echo', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":') },
    expect: { status: 400, headers: { 'content-type': /^application\/json/ } },
  },
  {
    name: 'HttpError maps to its status',
    request: { method: 'GET', path: '/conf/conflict' },
    expect: { status: 409, json: { error: { status: 409, message: 'already taken', requestId: 'rid-conformance' } } },
  },
  {
    name: 'unexpected error is a 500 with the message hidden in prod',
    request: { method: 'GET', path: '/conf/crash' },
    expect: { status: 500, json: { error: { status: 500, message: 'Internal Server Error', requestId: 'rid-conformance' } } },
  },
  {
    name: 'unknown route is a JSON 404',
    request: { method: 'GET', path: '/conf/nothing-here' },
    expect: { status: 404, json: { error: { status: 404, message: 'no route for GET /conf/nothing-here', requestId: 'rid-conformance' } } },
  },
  {
    name: 'wrong method is a 405 with Allow',
    request: { method: 'PATCH', path: '/conf/hello' },
    expect: { status: 405, headers: { allow: 'HEAD, GET' } },
  },
  {
    name: 'HTTP-triggered function by GET',
    request: { method: 'GET', path: '/fn/greet', query: { name: 'bo' } },
    expect: { status: 200, headers: { 'x-function': 'greet' }, json: { greeting: 'hi bo', method: 'GET' } },
  },
  {
    name: 'HTTP-triggered function by POST',
    request: { method: 'POST', path: '/fn/greet', ...json({ name: 'cy' }) },
    expect: { status: 200, json: { greeting: 'hi cy', method: 'POST' } },
  },
  {
    name: 'CORS preflight is answered by @koa/cors',
    request: { method: 'OPTIONS', path: '/conf/hello', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } },
    expect: {
      status: 204,
      headers: {
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,HEAD,PUT,POST,DELETE,PATCH',
        'access-control-allow-headers': 'content-type',
      },
      text: '',
    },
  },
  {
    name: 'CORS simple request gets Access-Control-Allow-Origin',
    request: { method: 'GET', path: '/conf/hello', headers: { origin: ORIGIN } },
    expect: { status: 200, headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', vary: /origin/i }, json: { message: 'hello world' } },
  },
  {
    name: 'session cookie set by one request is read back by the next',
    request: { method: 'GET', path: '/conf/visits' },
    expect: { status: 200, json: { visits: 1 }, setCookies: [/^MW_SESS=[^;]+; path=\/; expires=.+; httponly$/, /^MW_SESS\.sig=[^;]+; path=\/; expires=.+; httponly$/] },
    then: { request: { method: 'GET', path: '/conf/visits' }, expect: { status: 200, json: { visits: 2 } } },
  },
  {
    name: 'JSON is gzip-compressed by koa-compress when asked',
    request: { method: 'GET', path: '/conf/report', headers: { 'accept-encoding': 'gzip' } },
    expect: { status: 200, headers: { 'content-encoding': 'gzip', 'content-type': /^application\/json/, vary: /accept-encoding/i }, json: REPORT },
  },
  {
    name: 'multipart upload: a file and fields',
    request: { method: 'POST', path: '/conf/form', ...formData({ title: 'notes', tag: 'x' }, { name: 'notes.bin', type: 'application/octet-stream', bytes: UPLOAD }) },
    expect: {
      status: 200,
      json: { fields: { title: 'notes', tag: 'x' }, files: [{ field: 'file', name: 'notes.bin', type: 'application/octet-stream', sha256: UPLOAD_SHA256 }] },
    },
  },
  {
    name: 'an encoded slash in a path parameter stays in the parameter',
    request: { method: 'GET', path: '/conf/items/a%2Fb' },
    expect: { status: 200, json: { name: 'a/b' } },
  },
  {
    name: 'a static file from the declared assets folder is served by koa-static',
    request: { method: 'GET', path: '/static/hello.txt' },
    expect: { status: 200, headers: { 'content-type': /^text\/plain/ }, text: 'hello from public\n' },
  },
  {
    name: 'a 405 answered by a global catch-all filter keeps Allow',
    request: { method: 'DELETE', path: '/conf/filtered' },
    expect: { status: 405, headers: { allow: 'HEAD, GET' }, json: { filtered: { status: 405, message: 'Method Not Allowed' } } },
  },
];

/** Every case carries this id, so error bodies are comparable across targets. */
export const CONFORMANCE_REQUEST_ID = 'rid-conformance';
