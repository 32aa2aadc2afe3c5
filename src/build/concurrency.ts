import { availableParallelism } from 'node:os';

/** As many at a time as the machine has cores: the work each item starts (a process, a compression) takes one. */
export const CORES = availableParallelism();

/** `work` over every item, at most `limit` at a time, the results in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
