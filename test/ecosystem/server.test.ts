import { describeConformance, type ConformanceTarget } from '../conformance/harness.js';
import { bootFixtureApp, fromWickResponse, serverTarget, toWickRequest } from '../conformance/targets.js';
import { ECOSYSTEM_CASES } from './cases.js';

const bootEcosystemApp = () => bootFixtureApp('koa-ecosystem');

/** The controller as its own function (what an artifact holds), invoked through the invocation core. */
async function functionTarget(): Promise<ConformanceTarget> {
  const app = await bootEcosystemApp();
  return {
    send: async (request) => fromWickResponse(await app.functions.invokeHttp('ecosystemController', toWickRequest(request))),
    close: () => app.close(),
  };
}

describeConformance('koa ecosystem, server mode (Koa over a real socket)', () => serverTarget(bootEcosystemApp), ECOSYSTEM_CASES);
describeConformance('koa ecosystem, one function through the invocation core', functionTarget, ECOSYSTEM_CASES);
