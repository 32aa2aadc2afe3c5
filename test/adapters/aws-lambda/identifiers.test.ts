import { describe, expect, it } from 'vitest';
import { functionArn, parseFunctionArn, traceHeader } from '../../../adapters/aws-lambda/identifiers.js';

describe('Lambda identifiers, in the formats AWS documents', () => {
  const at = new Date(Date.UTC(2020, 2, 12, 19, 3, 58));

  it('an invoked-function ARN in the local account and region', () => {
    expect(functionArn('greet')).toBe('arn:aws:lambda:local:000000000000:function:greet');
  });

  it('reads a function ARN of any region and account back into its name and qualifier', () => {
    expect(parseFunctionArn(functionArn('greet'))).toEqual({ name: 'greet', qualifier: undefined });
    expect(parseFunctionArn('arn:aws:lambda:us-east-2:123456789012:function:greet:$LATEST')).toEqual({ name: 'greet', qualifier: '$LATEST' });
    expect(parseFunctionArn('greet')).toBeUndefined();
  });

  it('an X-Ray trace header: epoch seconds in 8 hex digits, the id, and Parent/Sampled only with a parent', () => {
    expect(traceHeader('a'.repeat(24), at)).toBe(`Root=1-5e6a879e-${'a'.repeat(24)}`);
    expect(traceHeader('b'.repeat(24), at, 'c'.repeat(16))).toBe(`Root=1-5e6a879e-${'b'.repeat(24)};Parent=${'c'.repeat(16)};Sampled=0`);
  });
});
