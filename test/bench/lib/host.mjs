// `wick host` rows: cold start through the host (request → first response, instance spawn included), warm
// latency through its HTTP gateway and Invoke API against the same artifact called in-process, and throughput.
import { Agent } from 'node:http';
import { join } from 'node:path';
import { probe } from './artifacts.mjs';
import { apiGatewayV2Event } from './events.mjs';
import { freePort, send } from './http.mjs';
import { load } from './load.mjs';
import { stop } from './processes.mjs';
import { serve } from './servers.mjs';
import { median, percentile } from './stats.mjs';
import { ROOT } from './versions.mjs';

const CLI = join(ROOT, 'dist/src/cli/main.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A host on the server core serving a build; resolves once /-/status answers. */
async function startHost(out, args = []) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, WICK_ENV: 'prod' };
  const { child } = await serve([CLI, 'host', '--dir', out, '--port', String(port), ...args], { env, port, path: '/-/status' });
  return { child, port };
}

async function withHost(out, args, body) {
  const host = await startHost(out, args);
  try {
    return await body(host);
  } finally {
    await stop(host.child);
  }
}

const hostStatus = async (port) => JSON.parse((await send(port, { path: '/-/status' })).body);

/**
 * Ready for a cold start: the function has no instance, and the host's pool of started runtimes (where the host has
 * one) is not refilling, as a platform's is between cold starts.
 */
async function coldReady(port, name) {
  const status = await hostStatus(port);
  return status.functions[name].instances.length === 0 && !(status.runtimePool?.starting > 0);
}

/** Cold starts through the host: the instance reaped after 200 ms idle, then one request times spawn → answer. */
export async function hostColdStarts(out, functions, count) {
  return withHost(out, ['--idle-timeout', '200ms'], async ({ port }) => {
    const results = {};
    for (const fn of functions) {
      const samples = [];
      for (let i = 0; i < count; i++) {
        for (let wait = 0; !(await coldReady(port, fn.name)); wait++) {
          if (wait > 500) throw new Error(`${fn.name}: instance not reaped (or runtime pool not refilled) within 5 s`);
          await sleep(10);
        }
        const started = process.hrtime.bigint();
        const answer = await send(port, fn.route);
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (answer.status !== fn.route.status) throw new Error(`${fn.name} through wick host: ${answer.status} ${answer.body}`);
      }
      results[fn.key] = { coldMs: median(samples), samples: samples.map(Math.round) };
    }
    return results;
  });
}

function latency(samples) {
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), n: samples.length };
}

/** `requests` sequential requests on one keep-alive connection after a warm-up; per-request wall times. */
async function sequential(requests, once) {
  const samples = [];
  for (let i = 0; i < Math.min(200, requests); i++) await once();
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    const answer = await once();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (answer.status !== 200) throw new Error(`warm request answered ${answer.status} ${answer.body}`);
  }
  return latency(samples);
}

/** Warm invocation of the hello function: in-process (the probe's warm loop), through the gateway, through the Invoke API. */
export async function hostWarmLatency(out, fn, requests) {
  const inProcess = latency((await probe(out, fn, requests)).warmMs);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await withHost(out, [], async ({ port }) => {
      const gateway = await sequential(requests, () => send(port, { ...fn.route, agent }));
      const invoke = { method: 'POST', path: `/2015-03-31/functions/${fn.name}/invocations`, body: JSON.stringify(apiGatewayV2Event(fn.route)), agent };
      const invokeApi = await sequential(requests, () => send(port, invoke));
      return { inProcess, gateway, invokeApi };
    });
  } finally {
    agent.destroy();
  }
}

/** Throughput on the hello function's route through the host's gateway, instances scaled by the load (up to maxInstances). */
export async function hostThroughput(out, fn, { rounds, seconds, warmupSeconds, connections }) {
  const { route } = fn;
  return withHost(out, ['--queue-size', '10000'], async ({ port }) => {
    // the instances' cold starts first, so the warm-up and the rounds meet warm instances
    await Promise.all(Array.from({ length: connections }, () => send(port, route)));
    await load(port, route, { connections, seconds: warmupSeconds });
    const runs = [];
    for (let round = 0; round < rounds; round++) runs.push(await load(port, route, { connections, seconds }));
    const instances = (await hostStatus(port)).functions[fn.name].instances.length;
    return { requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)), rounds: runs.map((run) => Math.round(run.requestsPerSecond)), instances };
  });
}
