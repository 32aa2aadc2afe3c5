// One cold function instance, as a platform runs it: a fresh `node`, the artifact required, its app made ready,
// then two invocations of the same platform event; with a warm count, that many more, timed one by one.
// Prints one line of timings (ms) after the marker. Usage: node probe.cjs <index.js> <event.json> <function> [warm]
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

/** The context Lambda's Node.js runtime passes, with the fields an adapter reads. */
const context = (functionName, awsRequestId) => ({
  awsRequestId,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '128',
  getRemainingTimeInMillis: () => 3000,
});

async function main() {
  const [entry, eventFile, functionName, warm = '0'] = process.argv.slice(2);
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const invoke = async (id) => {
    const result = await artifact.handler(structuredClone(event), context(functionName, id));
    if (result.statusCode >= 300) throw new Error(`${functionName} answered ${result.statusCode}: ${result.body}`);
  };
  const t0 = performance.now();
  const artifact = require(entry);
  const t1 = performance.now();
  await artifact.ready();
  const t2 = performance.now();
  await invoke('bench-1');
  const t3 = performance.now();
  await invoke('bench-2');
  const t4 = performance.now();
  const warmMs = [];
  for (let i = 0; i < Number(warm); i++) {
    const started = performance.now();
    await invoke(`bench-warm-${i}`);
    warmMs.push(performance.now() - started);
  }
  const result = { beforeRequireMs: t0, requireMs: t1 - t0, readyMs: t2 - t1, firstMs: t3 - t2, secondMs: t4 - t3, maxRssKiB: process.resourceUsage().maxRSS, warmMs };
  process.stdout.write(`\n@@BENCH@@${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String((error && error.stack) || error));
    process.exit(1);
  },
);
