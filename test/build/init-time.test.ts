import { describe, expect, it } from 'vitest';
import { sampledIndexes } from '../../src/build/init-time.js';

describe('which functions a build measures the init time of', () => {
  it('measures every function of an app no bigger than the sample', () => {
    expect(sampledIndexes(5, 16)).toEqual([0, 1, 2, 3, 4]);
    expect(sampledIndexes(16, 16)).toHaveLength(16);
  });

  it('spreads the sample of a large app evenly over its functions, first and last included', () => {
    const sample = sampledIndexes(1000, 16);
    expect(sample).toHaveLength(16);
    expect(sample[0]).toBe(0);
    expect(sample.at(-1)).toBe(999);
    const gaps = sample.slice(1).map((index, step) => index - sample[step]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });
});
