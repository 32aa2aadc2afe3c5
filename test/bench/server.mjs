// Server-mode throughput: the app-template as one Koa server, hit by autocannon on 127.0.0.1.
// Bounded: a few seconds per route, one connection pool, then everything stops. Results go to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startServer } from '../../dist/src/index.js';
import { loadCompiledApp } from '../../dist/src/cli/load-app.js';

const appDir = fileURLToPath(new URL('../../app-template/', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

const ROUTES = [
  { name: 'hello (JSON, query param)', path: '/hello?name=ada' },
  { name: 'user by id (request-scoped controller, injected singleton, number param)', path: '/users/1' },
  { name: 'stats (HTTP function, constructor injection)', path: '/api/stats' },
  { name: 'unknown route (JSON 404)', path: '/nope' },
];

const app = await loadCompiledApp(appDir, true, { env: 'prod', config: { accessLog: { enable: false }, logger: { level: 'warn' } } });
const running = await startServer(app, { port: 0, host: '127.0.0.1' });
const results = [];
try {
  for (const route of ROUTES) {
    const result = await autocannon({ url: `http://127.0.0.1:${running.port}${route.path}`, connections: 32, duration: seconds });
    results.push({ route: route.name, path: route.path, requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx });
  }
} finally {
  await running.stop();
}
console.table(results);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/server.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds, results }, null, 2) + '\n');
