// Server mode: every peer app as its own process on the server core, its cold start (spawn → first 200 on
// GET /hello) and its throughput per route, rounds interleaved across the peers so drift hits all alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderBytes, installedBytes } from './disk.mjs';
import { firstOk, freePort, rssMiB, send } from './http.mjs';
import { load, ROUTES } from './load.mjs';
import { SERVER_CORE, start, stop } from './processes.mjs';
import { median } from './stats.mjs';
import { BENCH, ROOT, installed, wickVersion } from './versions.mjs';

const peer = (file) => join(BENCH, '.build/peers', file);
const quietEnv = (extra) => ({ PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...extra });

const VALIDATION = ['class-validator', 'class-transformer'];
const NEST = ['@nestjs/core', '@nestjs/common', 'reflect-metadata', 'rxjs', ...VALIDATION];
const peerBytes = (packages) => () => installedBytes(packages, BENCH);

/** Wick as npm installs it: its dist/ and its dependencies. */
function wickBytes() {
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return folderBytes(join(ROOT, 'dist')) + installedBytes(Object.keys(dependencies), ROOT);
}

/**
 * The servers, the limit first. `command(port)` gives what to spawn; `versions` what the report names; `diskBytes`
 * what the framework needs installed (the packages the app imports and all they pull in; the app's own code left out);
 * `notes` how the app is written and run.
 */
export const SERVERS = [
  {
    key: 'koa',
    name: 'raw koa + @koa/router',
    versions: () => `koa ${installed('koa')}, @koa/router ${installed('@koa/router')}, @koa/bodyparser ${installed('@koa/bodyparser')}, class-validator ${installed('class-validator')}`,
    command: (port) => [[peer('koa/main.js')], quietEnv({ PORT: String(port) })],
    diskBytes: peerBytes(['koa', '@koa/router', '@koa/bodyparser', ...VALIDATION]),
    notes: 'The service handed to the routes by hand; @koa/bodyparser; the body validated with class-validator (plainToInstance, validate)',
  },
  {
    key: 'wick',
    name: 'Wick server mode (app-template, wick start)',
    versions: () => `wick ${wickVersion()}, koa ${installed('koa', ROOT)}, @koa/router ${installed('@koa/router', ROOT)}, class-validator ${installed('class-validator', ROOT)}`,
    command: (port) => [[join(ROOT, 'dist/src/cli/main.js'), 'start', join(ROOT, 'app-template'), '--port', String(port)], quietEnv({ WICK_ENV: 'prod' })],
    diskBytes: wickBytes,
    notes: '`wick start app-template`, WICK_ENV=prod: the app as shipped (request id, access log on stdout, which the bench discards, its timing middleware and filter), its CreateUserDto validated by Wick (class-validator)',
  },
  {
    key: 'midway',
    name: 'Midway on koa (@midwayjs/koa, bootstrap)',
    versions: () => `@midwayjs/core ${installed('@midwayjs/core')}, @midwayjs/koa ${installed('@midwayjs/koa')}, @midwayjs/bootstrap ${installed('@midwayjs/bootstrap')}`,
    command: (port) => [[peer('midway/bootstrap.js')], quietEnv({ PORT: String(port) })],
    diskBytes: peerBytes(['@midwayjs/core', '@midwayjs/koa', '@midwayjs/bootstrap', '@midwayjs/logger', ...VALIDATION]),
    notes: "Bootstrap with a CommonJSFileDetector scanning the app; async controller methods (Midway applies parameter decorators in an async aspect); the body validated with class-validator in a Midway pipe, since Midway 4's @midwayjs/validation is not in the npm registry this bench installs from and @midwayjs/validate 3 fails on Midway 4 (its i18n middleware calls app.getFrameworkType)",
  },
  {
    key: 'nestExpress',
    name: 'NestJS on express',
    versions: () => `@nestjs/core ${installed('@nestjs/core')}, @nestjs/platform-express ${installed('@nestjs/platform-express')}`,
    command: (port) => [[peer('nest/express.js')], quietEnv({ PORT: String(port) })],
    diskBytes: peerBytes([...NEST, '@nestjs/platform-express']),
    notes: 'NestFactory.create, global ValidationPipe({ transform: true }) over a class-validator DTO, logger on errors and warnings only',
  },
  {
    key: 'nestFastify',
    name: 'NestJS on fastify',
    versions: () => `@nestjs/core ${installed('@nestjs/core')}, @nestjs/platform-fastify ${installed('@nestjs/platform-fastify')}`,
    command: (port) => [[peer('nest/fastify.js')], quietEnv({ PORT: String(port) })],
    diskBytes: peerBytes([...NEST, '@nestjs/platform-fastify']),
    notes: 'As on express, with the FastifyAdapter',
  },
];

/** node:http alone on GET /hello: the ceiling of the load generator, not a row of the comparison. */
export const CEILING = { key: 'ceiling', name: 'node:http, no framework', command: (port) => [[peer('ceiling/main.js')], quietEnv({ PORT: String(port) })] };

/**
 * Spawns `node args` on the server core and waits for its first 200 on `path`; the caller stops it. Resolves with
 * the time from spawn to that answer and the RSS right after it.
 */
export async function serve(args, { env, port, path, timeoutMs }) {
  const started = process.hrtime.bigint();
  const child = start(process.execPath, args, { core: SERVER_CORE, env });
  try {
    await firstOk(port, path, child, timeoutMs);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { child, coldStartMs: Number(process.hrtime.bigint() - started) / 1e6, rssMiB: rssMiB(child.pid) };
}

/** One of the servers, booted on a free port. */
export async function boot(server) {
  const port = await freePort();
  const [args, env] = server.command(port);
  try {
    return { port, ...(await serve(args, { env, port, path: ROUTES[0].path })) };
  } catch (error) {
    throw new Error(`${server.name}: ${error.message}`);
  }
}

/** Each route answers as the others do before any load, so no row measures an error page. */
async function checkAnswers(server, port) {
  const expected = { hello: (body) => body.message === 'hello bench', user: (body) => body.id === 1 && body.name === 'Ada Lovelace', create: (body) => body.name === 'Grace Hopper' && typeof body.id === 'number' };
  for (const route of ROUTES) {
    const answer = await send(port, route);
    let body;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = {};
    }
    if (answer.status !== route.status || !expected[route.key](body)) throw new Error(`${server.name}: ${route.label} answered ${answer.status} ${answer.body}`);
  }
}

/** Cold starts: `count` fresh spawns of each server, the median kept (and the RSS after that first answer). */
export async function coldStarts(count) {
  const results = {};
  for (const server of SERVERS) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const booted = await boot(server);
      await stop(booted.child);
      samples.push(booted);
    }
    results[server.key] = { coldStartMs: median(samples.map((s) => s.coldStartMs)), rssMiB: median(samples.map((s) => s.rssMiB ?? NaN)), samples: samples.map((s) => Math.round(s.coldStartMs)) };
    console.log(`  cold start ${server.name}: ${Math.round(results[server.key].coldStartMs)} ms`);
  }
  return results;
}

/** The ceiling's req/s on GET /hello, measured as every server's: warm-up, then the median of the rounds. */
export async function loadCeiling({ rounds, seconds, warmupSeconds, connections }) {
  const { child, port } = await boot(CEILING);
  try {
    await load(port, ROUTES[0], { connections, seconds: warmupSeconds });
    const runs = [];
    for (let round = 0; round < rounds; round++) runs.push((await load(port, ROUTES[0], { connections, seconds })).requestsPerSecond);
    return { requestsPerSecond: median(runs), rounds: runs.map(Math.round) };
  } finally {
    await stop(child);
  }
}

/**
 * Throughput: every server up at once (idle ones cost nothing), each route warmed up on each server, then
 * `rounds` rounds of route × server; the median round per server and route is kept.
 */
export async function throughput({ rounds, seconds, warmupSeconds, connections }) {
  const running = [];
  try {
    for (const server of SERVERS) {
      const booted = await boot(server);
      running.push({ server, ...booted });
      await checkAnswers(server, booted.port);
    }
    for (const { port } of running) for (const route of ROUTES) await load(port, route, { connections, seconds: warmupSeconds });
    const samples = {};
    for (let round = 1; round <= rounds; round++) {
      for (const route of ROUTES) {
        for (const { server, port } of running) {
          const result = await load(port, route, { connections, seconds });
          ((samples[server.key] ??= {})[route.key] ??= []).push(result);
          console.log(`  round ${round}/${rounds} ${route.label} ${server.name}: ${Math.round(result.requestsPerSecond)} req/s`);
        }
      }
    }
    return Object.fromEntries(
      Object.entries(samples).map(([key, byRoute]) => [
        key,
        Object.fromEntries(Object.entries(byRoute).map(([route, list]) => [route, { requestsPerSecond: median(list.map((r) => r.requestsPerSecond)), p99Ms: median(list.map((r) => r.p99Ms)), rounds: list.map((r) => Math.round(r.requestsPerSecond)) }])),
      ]),
    );
  } finally {
    await Promise.all(running.map(({ child }) => stop(child)));
  }
}
