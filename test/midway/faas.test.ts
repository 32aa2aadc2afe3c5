import { FAAS } from './cases.js';
import { midwaySuite } from './suite.js';

midwaySuite(FAAS);
