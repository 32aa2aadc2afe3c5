import { describe, expect, it } from 'vitest';
import { base64Flag, decodeBody, encodeBody } from '../../adapters/common/body.js';
import { joinCookies } from '../../adapters/common/cookies.js';
import { BadEventError } from '../../adapters/common/errors.js';

/*
 * The body codec every adapter shares. The conformance runs cover plain text, JSON and binary bodies; these are
 * the cases no conformance request makes.
 */

describe('encodeBody: text as a string, anything else as base64', () => {
  const bytes = Buffer.from('{"a":"é"}');

  it.each([
    ['text/plain; charset=utf-8'],
    ['application/json'],
    ['application/problem+json'],
    ['application/xml'],
    ['application/x-www-form-urlencoded'],
    ['image/svg+xml'],
  ])('%s goes out as text', (type) => {
    expect(encodeBody(bytes, { 'content-type': type })).toEqual({ body: '{"a":"é"}', isBase64Encoded: false });
  });

  it.each([
    ['an image', { 'content-type': 'image/png' }],
    ['octet-stream', { 'content-type': 'application/octet-stream' }],
    ['no content type', {}],
    ['gzip-compressed JSON (text bytes would be corrupted as a string)', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
  ])('%s goes out as base64', (_name, headers) => {
    expect(encodeBody(bytes, headers)).toEqual({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('an empty body is an empty string, not base64, whatever its type', () => {
    expect(encodeBody(Buffer.alloc(0), { 'content-type': 'image/png' })).toEqual({ body: '', isBase64Encoded: false });
  });

  it('a text type whose bytes are not UTF-8 goes out as base64: as a string its bytes would be replaced', () => {
    const latin1 = Buffer.from('caf\xe9', 'latin1');
    expect(encodeBody(latin1, { 'content-type': 'text/plain; charset=iso-8859-1' })).toEqual({ body: latin1.toString('base64'), isBase64Encoded: true });
  });

  it('identity encoding is no encoding', () => {
    expect(encodeBody(bytes, { 'content-type': 'text/plain', 'content-encoding': 'identity' }).isBase64Encoded).toBe(false);
  });
});

describe('decodeBody: strict base64, never silently mangled', () => {
  it('decodes base64 wrapped over several lines, and unpadded base64', () => {
    const text = 'x'.repeat(100);
    const wrapped = Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
    expect(decodeBody(wrapped, true)?.toString()).toBe(text);
    expect(decodeBody('aGk', true)?.toString()).toBe('hi');
  });

  it('takes an absent or empty body as no body, even marked base64', () => {
    for (const body of [undefined, null, '']) expect(decodeBody(body, true)).toBeUndefined();
  });

  it.each([
    ['characters outside the alphabet', 'aGk*'],
    ['base64url characters', 'a-_b'],
    ['a length no base64 text can have', 'aGkhZ'],
    ['padding in the middle', 'aG=k'],
  ])('rejects %s as a malformed event', (_name, body) => {
    expect(() => decodeBody(body, true)).toThrow(BadEventError);
    expect(() => decodeBody(body, true)).toThrow('body is marked isBase64Encoded but is not valid base64');
  });

  it('reads a plain body as UTF-8 and refuses a body that is not a string', () => {
    expect(decodeBody('é', false)).toEqual(Buffer.from('é'));
    expect(() => decodeBody([1], false)).toThrow('body must be a string, got an array');
  });
});

describe('base64Flag and joinCookies', () => {
  it('reads isBase64Encoded as a boolean or its string form, absent as false', () => {
    expect([true, false, 'true', 'FALSE', undefined, null].map(base64Flag)).toEqual([true, false, true, false, false, false]);
    expect(() => base64Flag('1')).toThrow('isBase64Encoded must be true or false, got "1"');
  });

  it('joins a cookie list after any Cookie header, skipping what is not a cookie string', () => {
    expect(joinCookies(['b=2', 7, '', 'c=3'], 'a=1')).toBe('a=1; b=2; c=3');
    expect(joinCookies(undefined, undefined)).toBeUndefined();
  });
});
