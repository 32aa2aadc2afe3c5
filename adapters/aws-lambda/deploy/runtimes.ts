import { type NodeRuntime } from '../../common/runtimes.js';

/** The Node.js runtimes the platform offers that Wick runs on, newest (the default) first. */
// nodejs20.x is deprecated (function creation blocked since Aug 31, 2026).
export const LAMBDA_RUNTIMES: NodeRuntime[] = [
  { name: 'nodejs24.x', node: 24 },
  { name: 'nodejs22.x', node: 22 },
];
