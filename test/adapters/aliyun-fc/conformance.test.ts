import { createHandler } from '../../../adapters/aliyun-fc/index.js';
import { describeConformance, type ConformanceTarget } from '../../conformance/harness.js';
import { bootConformanceApp } from '../../conformance/targets.js';
import { type ConformanceRequest } from '../../conformance/cases.js';
import { apiGatewayEvent, asBuffer, fcContext, fromResult, httpTriggerEvent } from './platform.js';

/** Each case becomes the shape's event, handed to the handler as the Buffer the built-in runtime passes. */
function aliyunTarget(toEvent: (request: ConformanceRequest) => unknown) {
  return async (): Promise<ConformanceTarget> => {
    const app = await bootConformanceApp();
    const handler = createHandler(app);
    return {
      send: async (request) => fromResult(await handler(asBuffer(toEvent(request)), fcContext())),
      close: () => app.close(),
    };
  };
}

describeConformance('aliyun FC 3.0 HTTP trigger', aliyunTarget(httpTriggerEvent));
describeConformance('aliyun API Gateway trigger', aliyunTarget(apiGatewayEvent));
