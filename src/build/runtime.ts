import { chooseRuntime, type NodeRuntime } from '../../adapters/common/runtimes.js';
import { PLATFORMS } from '../../adapters/registry.js';
import { type Manifest } from '../functions/manifest.js';
import { adapterOf, type BuildTarget } from './targets.js';

type SingleTarget = Exclude<BuildTarget, 'all'>;

/**
 * The Node.js runtime a build uses: `requested` (`wick build --runtime`) if the platform offers it, else the
 * platform's newest. A host build runs AWS-format artifacts, so it names Lambda's runtimes.
 */
export function buildRuntime(target: SingleTarget, requested?: string): NodeRuntime {
  return chooseRuntime(target, PLATFORMS[adapterOf(target)].runtimes, requested);
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
