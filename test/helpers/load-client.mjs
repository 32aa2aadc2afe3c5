// The load generator of the load tests, run as its own process so it shares no event loop (and no core's worth of
// CPU accounting) with the server under test: `amount` GET requests over `connections` keep-alive connections, then
// one JSON line on stdout. Amount mode, so every request sent is accounted for: it ends once each one was answered
// or counted as an error or timeout. Past `capSeconds` it stops anyway and says so (`capped`), so a run stays bounded.
// Usage: node load-client.mjs <url> <connections> <amount> <timeoutSeconds> <capSeconds>
import autocannon from 'autocannon';

const [url, connections, amount, timeout, capSeconds] = process.argv.slice(2);
if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url ?? '')) throw new Error(`load-client: only http://127.0.0.1 URLs, got ${url}`);

let capped = false;
const run = autocannon({ url, connections: Number(connections), amount: Number(amount), timeout: Number(timeout) }, (err, result) => {
  clearTimeout(cap);
  if (err) throw err;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const line = {
    sent: result.requests.sent,
    answered: Object.values(statuses).reduce((sum, count) => sum + count, 0),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    seconds: result.duration,
    capped,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
const cap = setTimeout(() => {
  capped = true;
  run.stop();
}, Number(capSeconds) * 1000);
