// One process of the concurrency tests: opens the store as config `store` (argv[2]) says, says "ready", and on "go"
// (stdin) runs its operations against one key, then prints "done" and exits.
import { createInterface } from 'node:readline';
import { KeyValueStore } from '../../dist/src/store/index.js';

const [config, mode, key, count] = [JSON.parse(process.argv[2]), process.argv[3], process.argv[4], Number(process.argv[5])];
const store = KeyValueStore.open(config);
await store.get(key); // connected, the file open, before the race starts

/** The counter through get + compareAndSet, retried until this process's write wins. */
async function casIncrement() {
  for (;;) {
    const current = await store.get(key);
    if (await store.compareAndSet(key, current, (current ?? 0) + 1)) return;
  }
}

process.stdout.write('ready\n');
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
for (let i = 0; i < count; i++) {
  if (mode === 'incr') await store.incr(key);
  else await casIncrement();
}
await store.close();
process.stdout.write('done\n');
process.exit(0);
