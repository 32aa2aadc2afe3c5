import { PLATFORM_NAMES, type PlatformName } from '../../adapters/registry.js';
import { HOST_RUNS } from '../../runtime-host/protocol.js';

/** A platform, `host` (artifacts for wick host) or `all` (every platform, each in a folder of its own). */
export type BuildTarget = PlatformName | 'host' | 'all';

export const BUILD_TARGETS: BuildTarget[] = [...PLATFORM_NAMES, 'host', 'all'];

/** The platform whose adapter a target's bundles carry. */
export function adapterOf(target: Exclude<BuildTarget, 'all'>): PlatformName {
  return target === 'host' ? HOST_RUNS : target;
}
