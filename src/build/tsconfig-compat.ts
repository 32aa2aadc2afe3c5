import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** What `tsc --showConfig` prints: the app's tsconfig with `extends` applied, paths relative to the tsconfig. */
export interface ResolvedTsconfig {
  compilerOptions?: Record<string, any>;
  files?: string[];
}

/** How to compile an app's tsconfig with TypeScript 7 when it uses what TypeScript 7 dropped. */
export interface Ts7Overrides {
  /** Command-line options; each overrides the tsconfig value and so silences its "has been removed" error. */
  flags: string[];
  /** compilerOptions a generated tsconfig (extending the app's) sets, for what no flag can express; empty when none. */
  compilerOptions: Record<string, unknown>;
  /** One phrase per change, such as `moduleResolution node → bundler`. */
  changes: string[];
}

const NODE_MODULES = new Set(['node16', 'node18', 'node20', 'nodenext']);
const REMOVED_MODULES = new Set(['amd', 'umd', 'system', 'none']);
const REMOVED_RESOLUTIONS = new Set(['node', 'node10', 'classic']);
const REMOVED_TARGETS = new Set(['es3', 'es5']);
/** Options TypeScript 7 accepts only as `true`. */
const ALWAYS_TRUE = ['esModuleInterop', 'allowSyntheticDefaultImports', 'alwaysStrict'];
/** Options TypeScript 7 removed without a replacement: the compile goes on without them. */
const DROPPED = ['downlevelIteration', 'outFile', 'out', 'charset', 'keyofStringsOnly', 'suppressExcessPropertyErrors', 'suppressImplicitAnyIndexErrors', 'noImplicitUseStrict', 'noStrictGenericChecks', 'importsNotUsedAsValues', 'preserveValueImports', 'prepend'];

/**
 * The table of what TypeScript 7 removed or changed, applied to one resolved tsconfig (`configDir` is its
 * folder; `visibleTypes` the packages in the node_modules/@types folders from there up). Wick always passes an outDir, so a missing rootDir is set to the common source folder, where
 * TypeScript 5 put the output's root.
 */
export function ts7Overrides(config: ResolvedTsconfig, configDir: string, visibleTypes: string[] = []): Ts7Overrides {
  const options = config.compilerOptions ?? {};
  const flags: string[] = [];
  const compilerOptions: Record<string, unknown> = {};
  const changes: string[] = [];
  const set = (option: string, value: string, change: string) => {
    flags.push(`--${option}`, value);
    changes.push(change);
  };

  let module = lower(options.module);
  if (module !== undefined && REMOVED_MODULES.has(module)) {
    set('module', 'commonjs', `module ${module} → commonjs`);
    module = 'commonjs';
  }
  const resolution = lower(options.moduleResolution);
  if (resolution !== undefined && REMOVED_RESOLUTIONS.has(resolution)) {
    const replacement = module !== undefined && NODE_MODULES.has(module) ? module : 'bundler';
    set('moduleResolution', replacement, `moduleResolution ${resolution} → ${replacement}`);
  }
  const target = lower(options.target);
  if (target !== undefined && REMOVED_TARGETS.has(target)) set('target', 'es2015', `target ${target} → es2015`);
  for (const option of ALWAYS_TRUE) if (options[option] === false) set(option, 'true', `${option} false → true`);
  if (options.strict === undefined) set('strict', 'false', 'strict unset → false');
  // TypeScript 5 loaded every package under node_modules/@types (require, __dirname, process come from
  // @types/node); TypeScript 7 loads none unless listed in types or found in a typeRoots folder.
  if (options.types === undefined && options.typeRoots === undefined && visibleTypes.length > 0) {
    set('types', visibleTypes.join(','), `types unset → every @types package (${visibleTypes.length})`);
  }

  if (options.baseUrl !== undefined) {
    compilerOptions.baseUrl = null;
    compilerOptions.paths = pathsWithoutBaseUrl(options.baseUrl, options.paths ?? {});
    changes.push('baseUrl → paths');
  }
  for (const option of DROPPED) {
    if (options[option] === undefined) continue;
    compilerOptions[option] = null;
    changes.push(`${option} dropped`);
  }

  if (options.rootDir === undefined) {
    const root = commonSourceDir(config.files ?? [], configDir);
    if (root !== undefined && root !== configDir) {
      const rootDir = relative(configDir, root).split(sep).join('/');
      set('rootDir', root, `rootDir unset → ${rootDir}`);
    }
  }
  return { flags, compilerOptions, changes };
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/**
 * `paths` resolved against the tsconfig's folder, as TypeScript 7 resolves them, with the lookup `baseUrl`
 * gave for bare specifiers (`import 'service/user'`) kept as a `*` pattern.
 */
function pathsWithoutBaseUrl(baseUrl: string, paths: Record<string, string[]>): Record<string, string[]> {
  const fromConfig = (target: string) => `./${join(baseUrl, target).split(sep).join('/')}`.replace(/^\.\/\.\.\//, '../');
  const rewritten = Object.fromEntries(Object.entries(paths).map(([pattern, targets]) => [pattern, targets.map(fromConfig)]));
  return { ...rewritten, ...(rewritten['*'] === undefined && { '*': [fromConfig('*')] }) };
}

/** The deepest folder holding every compiled file (declaration files do not count), as TypeScript computes it. */
function commonSourceDir(files: string[], configDir: string): string | undefined {
  const folders = files
    .filter((file) => !/\.d\.[cm]?ts$/.test(file))
    .map((file) => dirname(isAbsolute(file) ? file : resolve(configDir, file)).split(sep));
  if (folders.length === 0) return undefined;
  const common = folders.reduce((shared, parts) => {
    let length = 0;
    while (length < shared.length && shared[length] === parts[length]) length++;
    return shared.slice(0, length);
  });
  return common.join(sep) || sep;
}

/** The one line wick prints about the mapping, or undefined when nothing changed. */
export function describeOverrides({ changes }: Ts7Overrides): string | undefined {
  if (changes.length === 0) return undefined;
  return `wick: tsconfig: ${changes.join(', ')} (TypeScript 7 dropped these or changed their defaults; wick compiles as TypeScript 5 did)`;
}

/** Wick's decorators are the legacy (experimental) kind and read TypeScript's design-time types. */
const DECORATOR_OPTIONS = ['experimentalDecorators', 'emitDecoratorMetadata'] as const;

export function missingDecoratorOptions(config: ResolvedTsconfig): string[] {
  return DECORATOR_OPTIONS.filter((option) => config.compilerOptions?.[option] !== true);
}
