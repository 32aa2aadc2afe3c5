import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Manifest, type ManifestFunction } from '../src/functions/manifest.js';
import { type TriggerMetadata } from '../src/decorators/serverless.js';
import { checkDestinations, type ResolvedDestinations } from '../src/functions/destinations.js';
import { checkSettings } from '../src/functions/settings.js';
import { HOST_RUNS } from './protocol.js';

/** One function as the host runs it: where its artifact is and the settings that shape its instances. */
export interface HostFunction {
  name: string;
  /** The function folder: LAMBDA_TASK_ROOT. */
  dir: string;
  /** `index.handler`: `_HANDLER`. */
  handler: string;
  triggers: TriggerMetadata[];
  memorySize: number;
  /** Milliseconds. */
  timeoutMs: number;
  concurrency: number;
  minInstances: number;
  maxInstances: number;
  /** Milliseconds. */
  idleTimeoutMs: number;
  /** For the aggregate artifact: the HTTP functions it serves. */
  serves?: string[];
  /** Where the records of its async invocations go (the async queue delivers them). */
  destinations?: ResolvedDestinations;
  /** The deployment package GetFunction describes, when the manifest names one: the zip's absolute path, size and SHA-256 (hex). */
  code?: { zip: string; bytes: number; sha256: string };
}

interface LoadedManifest {
  dir: string;
  app: string;
  platform: string;
  /** The Lambda runtime the build targets, as the manifest names it. */
  runtime: string;
  /** ISO time of the build, every function's LastModified. */
  builtAt: string;
  functions: HostFunction[];
}

function whereIn(fn: ManifestFunction, index: number): string {
  return `manifest.json functions[${index}]${typeof fn?.name === 'string' ? ` (${fn.name})` : ''}`;
}

function checkFunction(fn: ManifestFunction, index: number, dir: string): void {
  const where = whereIn(fn, index);
  if (!fn || typeof fn.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(fn.name)) throw new Error(`${where}: name must be letters, digits, '.', '_' or '-'`);
  if (typeof fn.entry !== 'string' || typeof fn.handler !== 'string') throw new Error(`${where}: entry and handler are required`);
  if (!Array.isArray(fn.triggers)) throw new Error(`${where}: triggers must be a list`);
  checkSettings(fn, where);
  if (!existsSync(join(dir, fn.entry))) throw new Error(`${where}: ${fn.entry} is missing: run wick build again`);
}

/**
 * Reads `<dir>/manifest.json`, the only thing the host knows about the app. `idleTimeoutMs` overrides every
 * function's idle timeout (the `--idle-timeout` flag).
 */
export function loadManifest(dirOption: string, idleTimeoutMs?: number): LoadedManifest {
  const dir = resolve(dirOption);
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`no manifest at ${file}: run wick build first (wick build <app> --platform host --out ${dirOption})`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): run wick build again`);
  }
  if (manifest?.schemaVersion !== 1 || !Array.isArray(manifest.functions)) throw new Error(`${file} is not a wick build manifest (schemaVersion 1 expected): run wick build again`);
  if (manifest.platform !== 'host' && manifest.platform !== HOST_RUNS) {
    throw new Error(`${file} was built for ${manifest.platform}; the host runs AWS Lambda artifacts: wick build <app> --platform host`);
  }
  manifest.functions.forEach((fn, index) => checkFunction(fn, index, dir));
  const names = new Set<string>();
  for (const fn of manifest.functions) {
    if (names.has(fn.name)) throw new Error(`${file}: two functions are named ${fn.name}`);
    names.add(fn.name);
  }
  manifest.functions.forEach((fn, index) => checkDestinations(fn.destinations, whereIn(fn, index), fn.name, names));
  return {
    dir,
    app: manifest.app,
    platform: manifest.platform,
    runtime: manifest.runtime,
    builtAt: manifest.builtAt,
    functions: manifest.functions.map((fn) => ({
      name: fn.name,
      dir: dirname(join(dir, fn.entry)),
      handler: fn.handler,
      triggers: fn.triggers,
      memorySize: fn.memorySize,
      timeoutMs: fn.timeout * 1000,
      concurrency: fn.concurrency,
      minInstances: fn.minInstances,
      maxInstances: fn.maxInstances,
      idleTimeoutMs: idleTimeoutMs ?? fn.idleTimeout * 1000,
      ...(fn.serves && { serves: fn.serves }),
      ...(fn.destinations && { destinations: fn.destinations }),
      ...(typeof fn.artifact === 'string' && { code: { zip: join(dir, fn.artifact), bytes: fn.zipBytes, sha256: fn.sha256 } }),
    })),
  };
}
