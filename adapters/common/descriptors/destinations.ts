import { type DestinationTarget } from '../../../src/decorators/serverless.js';
import { ASYNC_ATTEMPTS } from '../../../src/functions/async-retries.js';
import { checkDestinations, DESTINATION_NAMES, describeDestination, type DestinationName } from '../../../src/functions/destinations.js';
import { type ManifestFunction } from '../../../src/functions/manifest.js';
import { where } from './files.js';

/** The retries every platform's async config gets: the host's rule, three attempts in all. */
export const ASYNC_RETRIES = ASYNC_ATTEMPTS - 1;

/** A function's destinations, checked by the rule boot and the host apply (`functions`: the manifest's names), in a fixed order (onSuccess, onFailure). */
export function destinationsOf(fn: ManifestFunction, functions: ReadonlySet<string>): [DestinationName, DestinationTarget][] {
  const destinations = checkDestinations(fn.destinations, where(fn), fn.name, functions) ?? {};
  return DESTINATION_NAMES.flatMap((name) => (destinations[name] ? [[name, destinations[name]] as [DestinationName, DestinationTarget]] : []));
}

/** The build error for a destination a platform's descriptor cannot express: the function, the destination, the platform and why. */
export function unsupportedDestination(fn: ManifestFunction, name: DestinationName, target: DestinationTarget, platform: string, why: string): Error {
  return new Error(`${where(fn)}: destinations.${name} (${describeDestination(target)}) cannot be expressed on ${platform}: ${why}`);
}

/** Why no cloud takes a file sink: it is a file in `wick host`'s folder. */
export const FILE_SINK_IS_LOCAL = 'a file sink is a file in the wick host folder; declare a function or a queue destination for a cloud';
