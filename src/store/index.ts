export { KeyValueStore } from './key-value-store.js';
export type { SetOptions, StoreEntry } from './key-value-store.js';
export type { StoreConfig, StoreDriverName } from './config.js';
export type { JsonValue } from './codec.js';
export { StoreError } from './errors.js';
