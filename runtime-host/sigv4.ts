import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage } from 'node:http';

/*
 * AWS Signature Version 4, checked as AWS checks it, with the host's token as the secret access key: an AWS SDK or
 * CLI configured with that secret signs every request, so the token itself never crosses the wire, and a signature
 * is good for one request (method, path, query, signed headers and body) for 15 minutes. The access key id is free.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a request signed more than 15 minutes from its clock (RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60_000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;

/** Whether the request means to be signed: its Authorization names SigV4. */
export function isSigV4(authorization: string): boolean {
  return authorization.startsWith(`${ALGORITHM} `);
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent plus `!'()*`. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path as the signer saw it (dot segments resolved, empty ones dropped), encoded once more: AWS's rule for every service but S3. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.join('/')}${segments.length && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(path).replace(/%2F/g, '/');
}

/** Every name=value of the query, decoded and encoded again, sorted by name then value; undefined when an escape is bad. */
function canonicalQuery(rawQuery: string): string | undefined {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    try {
      const name = escapeUri(decodeURIComponent(at < 0 ? part : part.slice(0, at)));
      pairs.push([name, escapeUri(decodeURIComponent(at < 0 ? '' : part.slice(at + 1)))]);
    } catch {
      return undefined;
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return pairs
    .filter(([name]) => name !== 'X-Amz-Signature')
    .sort(([a, x], [b, y]) => order(a, b) || order(x, y))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** A signed header's value as the signer wrote it: repeated values comma-joined, runs of spaces one, trimmed. */
function canonicalHeader(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  return values?.map((value) => value.replace(/[ \t]+/g, ' ').trim()).join(',');
}

/**
 * Why the request's SigV4 signature does not prove it was signed with `secret`, or undefined when it does.
 * `body` is the whole request body: the signature covers its SHA-256.
 */
export function signatureProblem(req: IncomingMessage, body: Buffer, secret: string, now = Date.now()): string | undefined {
  const match = AUTHORIZATION.exec(req.headers.authorization ?? '');
  if (!match) return 'the Authorization header is not a well-formed AWS4-HMAC-SHA256 signature';
  const [, credential, signedHeaders, signature] = match;
  const scope = credential.split('/').slice(1);
  if (scope.length !== 4 || scope[3] !== 'aws4_request') return 'the credential scope is not <date>/<region>/<service>/aws4_request';
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const date = AMZ_DATE.exec(amzDate);
  if (!date || date[1] !== scope[0]) return 'X-Amz-Date is missing or does not match the credential scope';
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
  if (!(Math.abs(now - signedAt) <= MAX_SKEW_MS)) return 'the signature is more than 15 minutes away from the host clock';
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return 'the Host header is not signed';
  const bodyHash = sha256Hex(body);
  const declaredHash = req.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== bodyHash) return 'X-Amz-Content-Sha256 is not the SHA-256 of the body';
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const query = canonicalQuery(queryAt < 0 ? '' : url.slice(queryAt + 1));
  const headers = names.map((name) => [name, canonicalHeader(req, name)]);
  if (query === undefined || headers.some(([, value]) => value === undefined)) return 'the request does not match its signature';
  const canonicalRequest = [
    req.method,
    canonicalPath(queryAt < 0 ? url : url.slice(0, queryAt)),
    query,
    ...headers.map(([name, value]) => `${name}:${value}`),
    '',
    signedHeaders,
    bodyHash,
  ].join('\n');
  const stringToSign = [ALGORITHM, amzDate, scope.join('/'), sha256Hex(canonicalRequest)].join('\n');
  const key = scope.reduce<Buffer | string>((derived, part) => hmac(derived, part), `AWS4${secret}`);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? undefined : 'the request signature does not match: sign with the host token as the secret access key';
}
