import { describe, expect, it } from 'vitest';
import { decodeEscapes, decodeObjectKey } from '../../adapters/common/percent-decoding.js';

describe('decodeObjectKey: the one policy for S3, OSS and COS keys', () => {
  it('reads + as a space and decodes %-escapes, a literal + arriving as %2B', () => {
    expect(decodeObjectKey('photos/summer+trip/caf%C3%A9%2B%282024%29.jpg')).toBe('photos/summer trip/café+(2024).jpg');
  });

  it('keeps what is not valid percent-encoding as it came, decoding the rest', () => {
    expect(decodeObjectKey('100%25+sure/%zz/%E2%82')).toBe('100% sure/%zz/%E2%82');
  });

  it('leaves + alone where escapes only are decoded (paths)', () => {
    expect(decodeEscapes('/a+b%20c')).toBe('/a+b c');
  });
});
