import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { type Plugin } from 'esbuild';
import { type StoreDriverName } from '../store/config.js';

/** wick's compiled store drivers, which src/store/drivers/index.ts imports one by one when the config chooses them. */
const DRIVERS_DIR = join(dirname(createRequire(import.meta.url).resolve('wick/store')), 'drivers');
const LEFT_OUT = 'wick-store-driver-left-out';

/**
 * A bundle carries only the store drivers some env's config chooses: esbuild bundles every `import()` it can
 * resolve, so each other driver's module (Redis: ioredis, some 130 KB) is replaced by one that says why it is absent.
 */
export function storeDrivers(chosen: readonly StoreDriverName[]): Plugin {
  return {
    name: 'wick-store-drivers',
    setup(build) {
      build.onResolve({ filter: /^\.\/(memory|sqlite|redis)\.js$/ }, (args) => {
        const driver = basename(args.path, '.js') as StoreDriverName;
        if (args.importer !== join(DRIVERS_DIR, 'index.js') || chosen.includes(driver)) return undefined;
        return { path: driver, namespace: LEFT_OUT };
      });
      build.onLoad({ filter: /.*/, namespace: LEFT_OUT }, (args) => ({
        contents: [
          `import { StoreError } from ${JSON.stringify(join(DRIVERS_DIR, '..', 'errors.js'))};`,
          `export function openDriver() {`,
          `  throw new StoreError(${JSON.stringify(
            `the store driver ${args.path} is not in this bundle: wick build bundles the drivers the app's config chooses (store.driver) in some env: ${chosen.join(', ')}`,
          )}, 'WICK_ERR_STORE_DRIVER');`,
          `}`,
        ].join('\n'),
        resolveDir: DRIVERS_DIR,
        loader: 'js',
      }));
    },
  };
}
