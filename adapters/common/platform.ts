import { type FunctionDefinition } from '../../src/functions/registry.js';
import { type Manifest } from '../../src/functions/manifest.js';
import { type AdapterOptions, type AppSource } from './boot.js';
import { type DescriptorFile } from './descriptors/files.js';
import { type NodeRuntime } from './runtimes.js';

export type PlatformHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * Everything the build, the CLI and the host need to know about one platform, defined in the platform's own
 * folder (`adapters/<platform>/platform.ts`) and listed once in adapters/registry.ts. The adapter and the
 * descriptor writer load on demand, so a tool that needs one part never loads the others.
 */
export interface Platform {
  /** The module a function's generated entry imports `createHandler` from (a `wick/...` package export). */
  adapterModule: string;
  /**
   * The Node.js runtimes the platform offers today that Wick runs on (Node >= 20), newest first: the first is the
   * default. Checked against the platform's own list (README "Building per-function artifacts" says where).
   */
  runtimes: NodeRuntime[];
  /** Packages the platform's Node runtime already provides, which its bundles leave out. */
  external: string[];
  /** The platform's adapter. */
  loadAdapter(): Promise<{ createHandler(app: AppSource, options?: AdapterOptions): PlatformHandler }>;
  /** Renders the platform's own deploy descriptor for a build. */
  loadDescriptorWriter(): Promise<(manifest: Manifest) => DescriptorFile[]>;
  /** The invocation context the platform's runtime would pass, filled in for a local call of `fn`. */
  localContext(fn: FunctionDefinition | undefined, requestId: string): object;
}
