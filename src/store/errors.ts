/**
 * What the store refuses or fails at, with a code: a value JSON cannot hold, `incr` on a value that is not an
 * integer, a bad key or TTL, a driver that cannot be loaded or reached. One class, so a filter catches all of it.
 */
export class StoreError extends Error {
  override name = 'StoreError';

  constructor(
    message: string,
    readonly code: 'WICK_ERR_STORE_VALUE' | 'WICK_ERR_STORE_ARGUMENT' | 'WICK_ERR_STORE_NOT_INTEGER' | 'WICK_ERR_STORE_CONFIG' | 'WICK_ERR_STORE_DRIVER',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
