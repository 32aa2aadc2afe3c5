import { type FunctionStatus } from './function-service.js';

/** Where the host serves its status, and what it answers; `wick host status` reads and renders it (src/cli/host-status.ts). */
export const STATUS_PATH = '/-/status';

export interface HostStatus {
  app: string;
  pid: number;
  uptimeMs: number;
  functions: Record<string, FunctionStatus & { asyncPending: number }>;
}
