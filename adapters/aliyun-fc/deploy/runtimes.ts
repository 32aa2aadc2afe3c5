import { type NodeRuntime } from '../../common/runtimes.js';

/** The Node.js runtimes the platform offers that Wick runs on, newest (the default) first. */
// FC 3.0 offers no Node.js runtime newer than 20 (nodejs22 is neither in its runtime list nor in fc3's schema).
export const FC_RUNTIMES: NodeRuntime[] = [{ name: 'nodejs20', node: 20 }];
