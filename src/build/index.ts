import { mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isHttpTrigger, type FunctionDefinition } from '../functions/registry.js';
import { bundledPackage } from '../config/load.js';
import { writeZip, type Artifact } from './artifact.js';
import { copyAssets, declaredAssets } from './assets.js';
import { bundle, type BundleEntry, type BundleOptions } from './bundle.js';
import { describeTrigger } from './describe-trigger.js';
import { writeDescriptors } from './descriptors/index.js';
import { entrySource } from './entry.js';
import { INIT_SAMPLE, measureInitTimes, sampledIndexes } from './init-time.js';
import { CORES, mapConcurrently } from './concurrency.js';
import { type Manifest, type ManifestFunction } from '../functions/manifest.js';
import { serializableTriggers } from './manifest.js';
import { compileForBuild, inBundleDir } from './compile.js';
import { planBuild, type BuildPlan, type FunctionPlan } from './plan.js';
import { formatTable } from './table.js';
import { copyNativePackages, nativeMismatch } from './native-packages.js';
import { clearOutput } from './output-folder.js';
import { PLATFORM_NAMES } from '../../adapters/registry.js';
import { adapterOf, type BuildTarget } from './targets.js';
import { buildRuntime, bundleTarget, declaredRuntime } from './runtime.js';



export interface BuildOptions {
  appDir: string;
  platform: BuildTarget;
  /** Output folder, default `<appDir>/.wick`. */
  out?: string;
  /** Default true: production output. */
  minify?: boolean;
  /** Default true: `index.js.map` beside each bundle, for `node --enable-source-maps` (NODE_OPTIONS) stack traces. */
  sourcemap?: boolean;
  /** All HTTP-only functions in one artifact with an internal router. */
  aggregate?: boolean;
  /** The platform's Node.js runtime identifier (`nodejs22.x`); default the app's package.json choice, else the newest it offers. */
  runtime?: string;
  /** Measure every function's init time; by default an app of more than INIT_SAMPLE functions has a sample of them measured. */
  measureInit?: boolean;
  log?: (line: string) => void;
}


const AGGREGATE_NAME = 'app';

interface Unit {
  name: string;
  plans: FunctionPlan[];
  /** Undefined for the aggregate: it routes across its functions. */
  functionName?: string;
  definition: FunctionDefinition;
}

function isHttpOnly(plan: FunctionPlan): boolean {
  return plan.fn.triggers.length > 0 && plan.fn.triggers.every(isHttpTrigger);
}

function single(plan: FunctionPlan): Unit {
  return { name: plan.fn.name, plans: [plan], functionName: plan.fn.name, definition: plan.fn };
}

/** One unit per function, or with `aggregate` one for every HTTP-only function together plus one per other function. */
function unitsOf(plans: FunctionPlan[], aggregate: boolean): Unit[] {
  // A function a destination involves keeps its own artifact: its records and the events sent to it need its name.
  const involved = new Set(plans.flatMap((plan) => (plan.fn.destinations ? [plan.fn.name, ...Object.values(plan.fn.destinations).flatMap((to) => ('function' in to ? [to.function] : []))] : [])));
  const http = aggregate ? plans.filter((plan) => isHttpOnly(plan) && !involved.has(plan.fn.name)) : [];
  const units = plans.filter((plan) => !http.includes(plan)).map(single);
  if (http.length === 0) return units;
  const settings = http.map((plan) => plan.fn.settings);
  const definition: FunctionDefinition = {
    name: AGGREGATE_NAME,
    target: http[0].fn.target,
    triggers: http.flatMap((plan) => plan.fn.triggers),
    // The merged function must satisfy every member: the most memory, time and instances any of them asks
    // for, and the least concurrency (a function that must run alone still does).
    settings: {
      memorySize: Math.max(...settings.map((s) => s.memorySize)),
      timeout: Math.max(...settings.map((s) => s.timeout)),
      maxInstances: Math.max(...settings.map((s) => s.maxInstances)),
      minInstances: Math.max(...settings.map((s) => s.minInstances)),
      idleTimeout: Math.max(...settings.map((s) => s.idleTimeout)),
      concurrency: Math.min(...settings.map((s) => s.concurrency)),
    },
    declared: [...new Set(http.flatMap((plan) => plan.fn.declared))],
  };
  return [{ name: AGGREGATE_NAME, plans: http, definition }, ...units];
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function summaryTable(functions: ManifestFunction[]): string {
  const rows = [
    ['FUNCTION', 'TRIGGERS', 'BUNDLE KB', 'ZIP KB', 'INIT MS'],
    ...functions.map((fn) => [fn.name, fn.triggers.map(describeTrigger).join('; '), kb(fn.bundleBytes), kb(fn.zipBytes), fn.initMs?.toFixed(1) ?? '-']),
  ];
  return formatTable(rows, (column) => column >= 2);
}

/**
 * Entries per esbuild run: one run reads every shared module (wick, Koa) once for all its entries, and a
 * bounded batch bounds the memory a run holds for its outputs.
 */
const BUNDLES_PER_RUN = 100;

function batches<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/** Bundles the entries batch by batch; each batch is packaged (zipped) while esbuild links the next, which leaves part of the cores idle. */
async function bundleAndPackage(
  entries: BundleEntry[],
  options: Omit<BundleOptions, 'entries'>,
  packaged: (entry: BundleEntry) => Promise<Artifact>,
  starting: (entry: BundleEntry) => void,
): Promise<Artifact[]> {
  const packaging: Promise<Artifact[]>[] = [];
  try {
    for (const batch of batches(entries, BUNDLES_PER_RUN)) {
      batch.forEach(starting);
      await bundle({ ...options, entries: batch });
      packaging.push(mapConcurrently(batch, CORES, packaged));
    }
  } catch (err) {
    await Promise.allSettled(packaging); // the bundler's error is the build's, not a zip's left unhandled
    throw err;
  }
  return (await Promise.all(packaging)).flat();
}

/** Builds one platform's output folder from an already compiled app. */
async function buildPlatform(appDir: string, platform: Exclude<BuildTarget, 'all'>, out: string, plan: BuildPlan, options: BuildOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  clearOutput(out);
  mkdirSync(join(out, 'artifacts'), { recursive: true });
  const runtime = buildRuntime(platform, options.runtime ?? declaredRuntime(appDir, platform));
  const units = unitsOf(plan.functions, options.aggregate ?? false);
  const assets = declaredAssets(appDir);
  const entries = units.map((unit) => ({
    name: unit.name,
    outfile: join(out, 'functions', unit.name, 'index.js'),
    source: entrySource(unit.plans, {
      platform: adapterOf(platform),
      resolveDir: appDir,
      configFiles: plan.configFiles,
      configFolders: plan.configFolders,
      functionName: unit.functionName,
      session: plan.session,
      pkg: plan.pkg,
    }),
  }));
  // Bundles that may open the sqlite store carry better-sqlite3, which cannot be bundled.
  const sqlite = new Set(plan.storeDrivers.includes('sqlite') ? units.filter((unit) => unit.plans.some((fnPlan) => fnPlan.store)).map((unit) => unit.name) : []);
  const mismatch = sqlite.size > 0 ? nativeMismatch(platform, runtime.node) : undefined;
  if (mismatch) log(`[${platform}] warning: ${[...sqlite].join(', ')}: ${mismatch}`);
  const packaged = async ({ name, outfile }: BundleEntry) => {
    const dir = dirname(outfile);
    // The bundle is CommonJS; inside an app whose package.json says "type": "module", Node would read it as ESM.
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    copyAssets(appDir, assets, dir);
    if (sqlite.has(name)) copyNativePackages(dir);
    return writeZip(dir, join(out, 'artifacts', `${name}.zip`));
  };
  let bundled = 0;
  const zips = await bundleAndPackage(
    entries,
    {
      resolveDir: appDir,
      compiledDir: plan.distDir,
      platform: adapterOf(platform),
      target: bundleTarget(platform, runtime),
      minify: options.minify ?? true,
      sourcemap: options.sourcemap ?? true,
      storeDrivers: plan.storeDrivers,
    },
    packaged,
    (entry) => log(`[${platform}] bundling ${entry.name} (${++bundled}/${units.length})`),
  );
  const measured = options.measureInit ? entries.map((_, index) => index) : sampledIndexes(entries.length, INIT_SAMPLE);
  log(`[${platform}] measuring init times (${measured.length === entries.length ? 'every function' : `${measured.length} of ${entries.length} functions; --measure-init for all`})`);
  const initTimes = await measureInitTimes(entries.map((entry) => entry.outfile), measured);
  const functions = units.map((unit, index): ManifestFunction => ({
    name: unit.name,
    handler: 'index.handler',
    entry: `functions/${unit.name}/index.js`,
    artifact: `artifacts/${unit.name}.zip`,
    triggers: serializableTriggers(unit.definition.triggers),
    ...unit.definition.settings,
    declared: unit.definition.declared,
    bundleBytes: statSync(entries[index].outfile).size,
    zipBytes: zips[index].zipBytes,
    sha256: zips[index].sha256,
    ...(initTimes[index] !== undefined && { initMs: initTimes[index] }),
    validates: unit.plans.some((plan) => plan.validates),
    ...(unit.functionName === undefined && { serves: unit.plans.map((plan) => plan.fn.name) }),
    ...(unit.definition.destinations && { destinations: unit.definition.destinations }),
  }));
  const manifest: Manifest = {
    $comment: 'Generated by wick build; do not edit.',
    schemaVersion: 1,
    generator: 'wick build',
    builtAt: new Date().toISOString(),
    platform,
    runtime: runtime.name,
    node: process.version,
    app: plan.pkg.name ?? basename(appDir),
    aggregate: options.aggregate ?? false,
    functions,
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`[${platform}] writing deploy descriptors`);
  await writeDescriptors(out, manifest);
  return manifest;
}

/** Another build may still be compiling beside this one; its folder keeps the parent alive. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or already gone
  }
}

/** `wick build`: tsc, read metadata once, one small bundle per function, zips, manifest, deploy descriptors. */
export async function buildApp(options: BuildOptions): Promise<Manifest[]> {
  const log = options.log ?? (() => {});
  const appDir = resolve(options.appDir);
  const out = resolve(appDir, options.out ?? '.wick');
  // A private compile folder inside the app (so its imports still resolve through the app's node_modules),
  // leaving dist/ to `wick start` and never racing another build.
  const compiledDir = join(appDir, '.wick-compiled', `${process.pid}-${Date.now()}`);
  try {
    log('compiling with tsc');
    const compilation = compileForBuild(appDir, compiledDir);
    log('reading decorator metadata');
    const plan = inBundleDir(await planBuild(compilation.nodeDir, bundledPackage(appDir)), compilation);
    const plans = plan.functions;
    if (plans.length === 0) throw new Error('the app has no functions: add @ServerlessTrigger methods or controllers');
    log(`found ${plans.length} functions`);
    const platforms = options.platform === 'all' ? PLATFORM_NAMES : [options.platform];
    const manifests: Manifest[] = [];
    for (const platform of platforms) {
      const target = options.platform === 'all' ? join(out, platform) : out;
      const manifest = await buildPlatform(appDir, platform, target, plan, options);
      log(`\n${platform}: ${target}\n${summaryTable(manifest.functions)}`);
      manifests.push(manifest);
    }
    return manifests;
  } finally {
    rmSync(compiledDir, { recursive: true, force: true });
    removeIfEmpty(join(appDir, '.wick-compiled'));
  }
}
