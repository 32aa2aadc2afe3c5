import { type AsyncQueueStatus } from './async-queue.js';
import { type FunctionStatus } from './function-service.js';
import { type RuntimePoolStatus } from './runtime-pool.js';

/** Where the host serves its status, and what it answers; `wick host status` reads and renders it (src/cli/host-status.ts). */
export const STATUS_PATH = '/-/status';

export interface HostStatus {
  app: string;
  pid: number;
  uptimeMs: number;
  /** The started runtimes waiting for a cold start: not function instances (a function scaled to zero has none). */
  runtimePool: RuntimePoolStatus;
  /** The async queue as a whole: what waits, and while the disk refuses writes, what is kept in memory and why. */
  asyncQueue: AsyncQueueStatus;
  functions: Record<string, FunctionStatus & { asyncPending: number }>;
}
