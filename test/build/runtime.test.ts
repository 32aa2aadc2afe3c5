import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRuntime, bundleTarget, declaredRuntime } from '../../src/build/runtime.js';

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

describe('declaredRuntime', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const appWith = (wick?: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'wick-runtime-app-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', ...(wick !== undefined && { wick }) }));
    return dir;
  };

  it("reads the app's choice per platform from package.json; a host build takes the aws one unless it names its own", () => {
    const app = appWith({ runtime: { aws: 'nodejs22.x', aliyun: 'nodejs20' } });
    expect(declaredRuntime(app, 'aws')).toBe('nodejs22.x');
    expect(declaredRuntime(app, 'aliyun')).toBe('nodejs20');
    expect(declaredRuntime(app, 'tencent')).toBeUndefined();
    expect(declaredRuntime(app, 'host')).toBe('nodejs22.x');
    expect(declaredRuntime(appWith({ runtime: { aws: 'nodejs22.x', host: 'nodejs24.x' } }), 'host')).toBe('nodejs24.x');
    expect(declaredRuntime(appWith(), 'aws')).toBeUndefined();
  });

  it('rejects a runtime setting that is not a map of platforms to names', () => {
    expect(() => declaredRuntime(appWith({ runtime: 'nodejs22.x' }), 'aws')).toThrow('package.json wick.runtime must map platforms to runtime names');
  });
});
