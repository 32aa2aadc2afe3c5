import { describeConformance } from '../../conformance/harness.js';
import { apiGatewayEvent, functionUrlEvent, tencentTarget } from './platform.js';

describeConformance('tencent-scf API Gateway trigger', tencentTarget(apiGatewayEvent));
describeConformance('tencent-scf Function URL', tencentTarget(functionUrlEvent));
