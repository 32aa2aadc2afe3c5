// What the runtime host's protocol costs: warm invoke latency through `wick host` (Lambda Runtime API between the
// host and a real instance process) against calling the same artifact's handler in-process, plus cold starts.
// Bounded: BENCH_REQUESTS sequential requests per path (default 2000) after a warm-up, 127.0.0.1 only.
// Needs `npm run build`. Results go to test/bench/results/host-overhead.json.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Math.min(200, REQUESTS);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 5);
const FUNCTION = 'helloController';

/** The API Gateway HTTP API event for GET /hello, as the host's gateway builds it. */
function helloEvent(requestId) {
  return {
    version: '2.0',
    routeKey: 'GET /hello',
    rawPath: '/hello',
    rawQueryString: 'name=bench',
    headers: { host: '127.0.0.1', 'user-agent': 'wick-bench', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' },
    queryStringParameters: { name: 'bench' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'wick-host',
      domainName: '127.0.0.1',
      http: { method: 'GET', path: '/hello', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'wick-bench' },
      requestId,
      routeKey: 'GET /hello',
      stage: '$default',
    },
    isBase64Encoded: false,
  };
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const round = (value) => Math.round(value * 1000) / 1000;
  return { n: sorted.length, meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length), p50Ms: round(at(50)), p99Ms: round(at(99)) };
}

async function measure(count, once) {
  for (let i = 0; i < WARMUP; i++) await once(i);
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await once(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return summary(samples);
}

// In-process: a child with the artifact loaded, its app booted, the handler called directly (its logs discarded).
if (process.argv[2] === 'in-process') {
  const artifact = createRequire(import.meta.url)(process.argv[3]);
  await artifact.ready();
  const context = (id) => ({ awsRequestId: `bench-${id}`, functionName: FUNCTION, getRemainingTimeInMillis: () => 3000 });
  const result = await measure(Number(process.argv[4]), async (i) => {
    const response = await artifact.handler(helloEvent(`bench-${i}`), context(i));
    if (response.statusCode !== 200) throw new Error(`in-process answer ${response.statusCode}`);
  });
  process.send(result);
  process.exit(0);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const out = mkdtempSync(join(tmpdir(), 'wick-bench-host-'));
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function call(port, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'content-length': Buffer.byteLength(body), ...headers } : headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function startHost(...args) {
  const child = spawn(process.execPath, [cli, 'host', '--dir', out, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WICK_ENV: 'prod' } });
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // instance logs and REPORT lines are not part of the measurement
      resolve({ port: Number(match[1]), child });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wick host exited with ${code}: ${text}`)));
  });
}

async function stopHost({ child }) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

const results = {};
try {
  const build = spawnSync(process.execPath, [cli, 'build', join(root, 'app-template'), '--platform', 'host', '--out', out], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`wick build failed:\n${build.stderr}`);
  const artifact = join(out, 'functions', FUNCTION, 'index.js');

  const inProcess = fork(fileURLToPath(import.meta.url), ['in-process', artifact, String(REQUESTS)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { PATH: process.env.PATH, WICK_ENV: 'prod' } });
  results.inProcess = await new Promise((resolve, reject) => {
    inProcess.once('message', resolve);
    inProcess.once('exit', (code) => code && reject(new Error(`in-process run exited with ${code}`)));
  });

  const host = await startHost();
  try {
    const payload = JSON.stringify(helloEvent('bench'));
    results.invokeApi = await measure(REQUESTS, () => call(host.port, 'POST', `/2015-03-31/functions/${FUNCTION}/invocations`, payload));
    results.gateway = await measure(REQUESTS, () => call(host.port, 'GET', '/hello?name=bench'));
  } finally {
    await stopHost(host);
  }

  // Cold starts: the instance is reaped after 200 ms idle, so every request after a pause spawns and boots a new one.
  const cold = await startHost('--idle-timeout', '200ms');
  try {
    const samples = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 600));
      const started = process.hrtime.bigint();
      await call(cold.port, 'GET', '/hello?name=bench');
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    results.coldStart = summary(samples);
  } finally {
    await stopHost(cold);
  }
} finally {
  agent.destroy();
  rmSync(out, { recursive: true, force: true });
}

const overhead = {
  invokeApiP50Ms: Math.round((results.invokeApi.p50Ms - results.inProcess.p50Ms) * 1000) / 1000,
  gatewayP50Ms: Math.round((results.gateway.p50Ms - results.inProcess.p50Ms) * 1000) / 1000,
};
console.table({ 'in-process handler': results.inProcess, 'host Invoke API': results.invokeApi, 'host HTTP gateway': results.gateway, 'host cold start (HTTP)': results.coldStart });
console.log(`warm overhead of the host at p50: Invoke API +${overhead.invokeApiP50Ms} ms, HTTP gateway +${overhead.gatewayP50Ms} ms`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/host-overhead.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, requests: REQUESTS, function: FUNCTION, results, overhead }, null, 2) + '\n',
);
