import { describeConformance } from '../conformance/harness.js';
import { hostTarget } from './helpers.js';

describeConformance('wick host (built artifacts, real processes, real HTTP)', () => hostTarget('conformance'));
