import { chooseRuntime, type NodeRuntime } from '../../adapters/common/runtimes.js';
import { PLATFORMS } from '../../adapters/registry.js';
import { readPackage } from '../config/load.js';
import { type Manifest } from '../functions/manifest.js';
import { adapterOf, type BuildTarget } from './targets.js';

type SingleTarget = Exclude<BuildTarget, 'all'>;

/**
 * The Node.js runtime a build uses: `requested` (`wick build --runtime`, else the app's package.json) if the
 * platform offers it, else the platform's newest. A host build runs AWS-format artifacts, so it names Lambda's runtimes.
 */
export function buildRuntime(target: SingleTarget, requested?: string): NodeRuntime {
  return chooseRuntime(target, PLATFORMS[adapterOf(target)].runtimes, requested);
}

/**
 * The runtime the app chose for a platform in its package.json, `"wick": { "runtime": { "aws": "nodejs22.x" } }`
 * (platform identifiers differ, so one per platform); a host build takes the `host` entry, else the `aws` one,
 * since it names Lambda's runtimes.
 */
export function declaredRuntime(appDir: string, target: SingleTarget): string | undefined {
  const declared = (readPackage(appDir).wick as { runtime?: unknown } | undefined)?.runtime;
  if (declared === undefined) return undefined;
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared) || !Object.values(declared).every((name) => typeof name === 'string')) {
    throw new TypeError(`package.json wick.runtime must map platforms to runtime names, e.g. { "aws": "nodejs22.x" }, got ${JSON.stringify(declared)}`);
  }
  const byPlatform = declared as Record<string, string>;
  return byPlatform[target] ?? (target === 'host' ? byPlatform[adapterOf(target)] : undefined);
}

/** The runtime a manifest records, checked against its platform's list. */
export function manifestRuntime(manifest: Manifest): NodeRuntime {
  return buildRuntime(manifest.platform as SingleTarget, manifest.runtime);
}

/**
 * esbuild's `target`: never newer syntax than the runtime runs. A host build runs on the local Node, so it
 * targets the older of the two.
 */
export function bundleTarget(target: SingleTarget, runtime: NodeRuntime): string {
  const local = Number(process.versions.node.split('.')[0]);
  return `node${target === 'host' ? Math.min(runtime.node, local) : runtime.node}`;
}
