import { WEB_API } from './cases.js';
import { midwaySuite } from './suite.js';

midwaySuite(WEB_API);
