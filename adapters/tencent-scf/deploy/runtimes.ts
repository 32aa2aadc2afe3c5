import { type NodeRuntime } from '../../common/runtimes.js';

/** The Node.js runtimes the platform offers that Wick runs on, newest (the default) first. */
// The newest Node.js identifier SCF documents for event functions.
export const SCF_RUNTIMES: NodeRuntime[] = [{ name: 'Nodejs20.15', node: 20 }];
