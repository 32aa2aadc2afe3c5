import { describeConformance } from '../../conformance/harness.js';
import { adapterTarget } from '../shared.js';
import { apiGatewayEvent, functionUrlEvent, tencentShape } from './platform.js';

describeConformance('tencent-scf API Gateway trigger', adapterTarget(tencentShape(apiGatewayEvent)));
describeConformance('tencent-scf Function URL', adapterTarget(tencentShape(functionUrlEvent)));
