import { describeConformance } from '../../conformance/harness.js';
import { adapterTarget } from '../shared.js';
import { aliyunShape, apiGatewayEvent, httpTriggerEvent } from './platform.js';

describeConformance('aliyun FC 3.0 HTTP trigger', adapterTarget(aliyunShape(httpTriggerEvent)));
describeConformance('aliyun API Gateway trigger', adapterTarget(aliyunShape(apiGatewayEvent)));
