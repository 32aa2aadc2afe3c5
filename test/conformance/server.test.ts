import { describeConformance } from './harness.js';
import { coreTarget, serverTarget } from './targets.js';

describeConformance('server mode (Koa over a real socket)', serverTarget);
describeConformance('function mode through the invocation core', coreTarget);
