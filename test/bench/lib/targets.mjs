// The targets, each judged from the measured numbers: met, missed, or not measured in this run.

const verdict = (ok) => (ok ? 'met' : 'missed');
const ms = (value) => `${value.toFixed(1)} ms`;
const x = (value) => `${value.toFixed(2)}×`;

/** One target row: what it asks, what was measured (with its ratio), and the verdict. */
const row = (target, measured, ok) => ({ target, measured, verdict: ok === null ? 'not measured' : verdict(ok) });

export function judge(r) {
  const rows = [];
  const koa = r.throughput.koa;
  const wick = r.throughput.wick;
  for (const [key, label] of [['hello', 'GET /hello'], ['user', 'GET /users/:id']]) {
    const ratio = wick[key].requestsPerSecond / koa[key].requestsPerSecond;
    rows.push(row(`Server mode ≥ 0.95 × raw Koa on ${label}`, x(ratio), ratio >= 0.95));
    rows.push(row(`(stretch) server mode > 1.0 × raw Koa on ${label}`, x(ratio), ratio > 1));
  }
  rows.push(row('A request-scoped controller costs no container resolution per request', 'a property of the code, not a timing', null));
  const cold = r.coldStarts.wick.coldStartMs / r.coldStarts.koa.coldStartMs;
  rows.push(row("App-template server cold start ≤ raw Koa's", `${ms(r.coldStarts.wick.coldStartMs)} vs ${ms(r.coldStarts.koa.coldStartMs)} (${x(cold)})`, cold <= 1));

  const { floor } = r.artifacts;
  const artifact = r.artifacts.minify;
  for (const [key, budget, label] of [['hello', 25, 'Hello'], ['validated', 50, 'Validated (POST /users)']]) {
    const over = artifact[key].coldMs - floor.coldMs;
    rows.push(row(`${label} artifact cold invocation ≤ floor + ${budget} ms (--minify build)`, `floor + ${ms(over)} (${x(over / budget)} of the budget)`, over <= budget));
  }
  const rss = artifact.hello.peakRssMiB;
  rows.push(row('Hello artifact peak RSS ≤ 55 MiB', `${rss.toFixed(1)} MiB (${x(rss / 55)})`, rss <= 55));
  const warm = r.host.warm.inProcess.p50Ms;
  rows.push(row('Warm invocation ≤ 1 ms in-process (p50, hello)', `${ms(warm)} (${x(warm)})`, warm <= 1));

  const hostBuild = r.host.artifacts;
  for (const [key, label] of [['hello', 'hello'], ['validated', 'validated']]) {
    const own = hostBuild[key].requireMs + hostBuild[key].readyMs + hostBuild[key].firstMs;
    const through = r.host.cold[key].coldMs;
    rows.push(row(`Through wick host, ${label} cold start ≤ its artifact's require + ready + first invocation + 10 ms`, `${ms(through)} vs ${ms(own)} + 10 ms (${x(through / (own + 10))})`, through <= own + 10));
  }
  const overhead = r.host.warm.gateway.p50Ms - warm;
  rows.push(row('Through wick host, warm overhead ≤ 1 ms p50 over in-process', `+${ms(overhead)} (gateway p50 ${ms(r.host.warm.gateway.p50Ms)})`, overhead <= 1));

  const defaults = r.artifacts.default.hello;
  // minified: no bigger than the same function built with --minify (2% for what a source-map comment adds)
  const minified = defaults.bundleBytes <= artifact.hello.bundleBytes * 1.02;
  rows.push(row('A default wick build is minified (hello no bigger than with --minify)', `${defaults.bundleBytes.toLocaleString('en-US')} bytes vs ${artifact.hello.bundleBytes.toLocaleString('en-US')} with --minify`, minified));
  rows.push(row('A default wick build writes a source map beside each bundle', defaults.sourceMap ? 'index.js.map present' : 'no index.js.map', defaults.sourceMap));
  rows.push(row('Default build: hello bundle ≤ 250 KB', `${defaults.bundleBytes.toLocaleString('en-US')} bytes (${x(defaults.bundleBytes / 250_000)})`, defaults.bundleBytes <= 250_000));

  rows.push(...judgeGrowth(r.growth));
  return rows;
}

function judgeGrowth(growth) {
  const asks = [
    'Build of a 1,000-function app ≤ 60 s on 2 cores',
    'Per-function bundle size flat (within 15%) from 10 to 1,000 functions',
    'Per-function cold start flat (within 15%) from 10 to 1,000 functions',
    'Build time linear or better (per-function build time at 1,000 within 15% of that at 10)',
  ];
  const small = growth?.find((g) => g.functions === 10);
  const large = growth?.find((g) => g.functions === 1000);
  if (!small || !large) return asks.map((ask) => row(ask, 'not run (npm run bench -- --growth)', null));
  const size = large.bundleBytes / small.bundleBytes;
  const cold = large.coldMs / small.coldMs;
  const perFunction = large.buildMs / large.functions / (small.buildMs / small.functions);
  return [
    row(asks[0], `${(large.buildMs / 1000).toFixed(1)} s (${x(large.buildMs / 60_000)})`, large.buildMs <= 60_000),
    row(asks[1], `${large.bundleBytes.toLocaleString('en-US')} vs ${small.bundleBytes.toLocaleString('en-US')} bytes (${x(size)})`, Math.abs(size - 1) <= 0.15),
    row(asks[2], `${ms(large.coldMs)} vs ${ms(small.coldMs)} (${x(cold)})`, Math.abs(cold - 1) <= 0.15),
    row(asks[3], `${ms(large.buildMs / large.functions)} vs ${ms(small.buildMs / small.functions)} per function (${x(perFunction)})`, perFunction <= 1.15),
  ];
}
