import { describe, expect, it } from 'vitest';
import { buildRuntime, bundleTarget } from '../../src/build/runtime.js';

const localMajor = Number(process.versions.node.split('.')[0]);

describe('buildRuntime', () => {
  it("defaults to the newest Node.js runtime each platform offers; a host build names Lambda's", () => {
    expect(buildRuntime('aws')).toEqual({ name: 'nodejs24.x', node: 24 });
    expect(buildRuntime('aliyun')).toEqual({ name: 'nodejs20', node: 20 });
    expect(buildRuntime('tencent')).toEqual({ name: 'Nodejs20.15', node: 20 });
    expect(buildRuntime('host')).toEqual({ name: 'nodejs24.x', node: 24 });
  });

  it('takes a runtime the platform offers and rejects another, naming the choices', () => {
    expect(buildRuntime('aws', 'nodejs22.x')).toEqual({ name: 'nodejs22.x', node: 22 });
    expect(() => buildRuntime('aws', 'nodejs99.x')).toThrow('aws offers no Node.js runtime "nodejs99.x": choose nodejs24.x, nodejs22.x');
    expect(() => buildRuntime('tencent', 'nodejs24.x')).toThrow('tencent offers no Node.js runtime "nodejs24.x": choose Nodejs20.15');
  });
});

describe('bundleTarget', () => {
  it("targets the runtime's Node major on a platform, and never more than the local Node for wick host", () => {
    expect(bundleTarget('aws', buildRuntime('aws', 'nodejs22.x'))).toBe('node22');
    expect(bundleTarget('aliyun', buildRuntime('aliyun'))).toBe('node20');
    expect(bundleTarget('host', buildRuntime('host'))).toBe(`node${Math.min(24, localMajor)}`);
  });
});
