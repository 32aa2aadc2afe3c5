import { describeConformance } from '../conformance/harness.js';
import { ECOSYSTEM_CASES } from '../ecosystem/cases.js';
import { hostTarget } from './helpers.js';

describeConformance('koa ecosystem, wick host (built artifacts, real processes, real HTTP)', () => hostTarget('koa-ecosystem'), ECOSYSTEM_CASES);
