import { startServer } from 'wick';
import { createApp } from 'wick/testing';
import { fixtureApp } from '../helpers/paths.js';
import { describeConformance, type ConformanceTarget } from '../conformance/harness.js';
import { fromWickResponse, sendOverHttp, toWickRequest } from '../conformance/targets.js';
import { ECOSYSTEM_CASES } from './cases.js';

const bootEcosystemApp = () => createApp(fixtureApp('koa-ecosystem'), { env: 'prod', config: { accessLog: { enable: false }, logger: { level: 'silent' } } });

async function serverTarget(): Promise<ConformanceTarget> {
  const app = await bootEcosystemApp();
  const running = await startServer(app, { port: 0, host: '127.0.0.1' });
  return { send: (request) => sendOverHttp(`http://127.0.0.1:${running.port}`, request), close: () => running.stop() };
}

/** The controller as its own function (what an artifact holds), invoked through the invocation core. */
async function functionTarget(): Promise<ConformanceTarget> {
  const app = await bootEcosystemApp();
  return {
    send: async (request) => fromWickResponse(await app.functions.invokeHttp('ecosystemController', toWickRequest(request))),
    close: () => app.close(),
  };
}

describeConformance('koa ecosystem, server mode (Koa over a real socket)', serverTarget, ECOSYSTEM_CASES);
describeConformance('koa ecosystem, one function through the invocation core', functionTarget, ECOSYSTEM_CASES);
