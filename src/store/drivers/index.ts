import { type StoreSettings } from '../config.js';
import { type StoreDriver } from '../driver.js';

/**
 * Each driver is loaded when the config chooses it, never before: server mode imports only that one, and
 * `wick build` bundles only the drivers some env's config chooses (src/build/store-drivers.ts stands in for the others).
 */
export async function openDriver(settings: StoreSettings): Promise<StoreDriver> {
  switch (settings.driver) {
    case 'memory':
      return (await import('./memory.js')).openDriver(settings);
    case 'sqlite':
      return (await import('./sqlite.js')).openDriver(settings);
    case 'redis':
      return (await import('./redis.js')).openDriver(settings);
  }
}
