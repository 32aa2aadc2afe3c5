// The load generator: autocannon's CLI in its own process, pinned to the load core, against 127.0.0.1 only.
import { fileURLToPath } from 'node:url';
import { LOAD_CORE, mustRun } from './processes.mjs';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

/** The three endpoints every app answers, with the answer each must give. */
export const ROUTES = [
  { key: 'hello', label: 'GET /hello', method: 'GET', path: '/hello?name=bench', status: 200 },
  { key: 'user', label: 'GET /users/:id', method: 'GET', path: '/users/1', status: 200 },
  { key: 'create', label: 'POST /users', method: 'POST', path: '/users', status: 201, body: JSON.stringify({ name: 'Grace Hopper', age: 45 }) },
];

/**
 * One bounded load run: `connections` keep-alive connections for `seconds`. Every answer must be the route's status;
 * a run with errors, timeouts or other statuses throws, since its req/s would measure something else.
 */
export async function load(port, route, { connections, seconds }) {
  const args = [AUTOCANNON, '-j', '-n', '-c', String(connections), '-d', String(seconds), '-m', route.method];
  if (route.body) args.push('-H', 'content-type=application/json', '-b', route.body);
  args.push(`http://127.0.0.1:${port}${route.path}`);
  const { stdout } = await mustRun(process.execPath, args, { core: LOAD_CORE, timeoutMs: (seconds + 30) * 1000 });
  const result = JSON.parse(stdout);
  const wrong = result.errors + result.timeouts + result.non2xx + (result.statusCodeStats ? Object.keys(result.statusCodeStats).filter((code) => Number(code) !== route.status).length : 0);
  if (wrong > 0 || result.requests.total === 0) {
    throw new Error(`${route.label} on port ${port}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, statuses ${JSON.stringify(result.statusCodeStats)}`);
  }
  // total over the run's own duration: per-second samples would weigh a partial last second like a whole one
  return { requestsPerSecond: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
