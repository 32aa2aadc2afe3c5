import { KOA_BOILERPLATE } from './cases.js';
import { midwaySuite } from './suite.js';

midwaySuite(KOA_BOILERPLATE);
