/*
 * The format of .wick/manifest.json: `wick build` writes it, the deploy descriptors and `wick host` read only it,
 * so its shape lives below both.
 */
import { type TriggerMetadata } from '../decorators/serverless.js';
import { type ResolvedDestinations } from './destinations.js';
import { type ResolvedSettings } from './settings.js';

export interface ManifestFunction extends ResolvedSettings {
  name: string;
  /** `<file>.<export>` inside the artifact, as platforms name handlers. */
  handler: string;
  /** Paths relative to the manifest. */
  entry: string;
  artifact: string;
  triggers: TriggerMetadata[];
  bundleBytes: number;
  zipBytes: number;
  sha256: string;
  /**
   * Module load plus app boot in a fresh Node process, measured at build time. Missing for the functions a large
   * build did not measure (it measures a sample unless built with --measure-init).
   */
  initMs?: number;
  /** Whether the bundle carries class-validator. */
  validates: boolean;
  /**
   * The settings the app set itself; the others are defaults. Descriptors reserve capacity (reserved concurrency)
   * only when the app asked for it. Missing in manifests from older builds: nothing declared.
   */
  declared?: (keyof ResolvedSettings)[];
  /** For the aggregate artifact: the HTTP functions it serves. */
  serves?: string[];
  /** Where the records of its async invocations go; missing when none are declared. */
  destinations?: ResolvedDestinations;
}

export interface Manifest {
  $comment: string;
  schemaVersion: 1;
  generator: string;
  builtAt: string;
  platform: string;
  runtime: string;
  node: string;
  app: string;
  aggregate: boolean;
  functions: ManifestFunction[];
}
