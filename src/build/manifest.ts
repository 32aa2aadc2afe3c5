import { type TriggerMetadata } from '../decorators/serverless.js';
import { type ResolvedSettings } from '../functions/settings.js';
import { middlewareName } from '../middleware/resolve.js';

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
  /** Module load plus app boot in a fresh Node process, measured at build time. */
  initMs: number;
  /** Whether the bundle carries class-validator. */
  validates: boolean;
  /** For the aggregate artifact: the HTTP functions it serves. */
  serves?: string[];
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

/** Trigger options as data: middleware references become their names. */
export function serializableTriggers(triggers: TriggerMetadata[]): TriggerMetadata[] {
  return triggers.map((trigger) => {
    const options = trigger.options as { middleware?: unknown[] } | undefined;
    if (!options?.middleware) return trigger;
    const middleware = options.middleware.map((ref) => middlewareName(ref as any));
    return { ...trigger, options: { ...options, middleware } } as unknown as TriggerMetadata;
  });
}
