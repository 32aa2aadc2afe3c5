import { type Platform } from '../common/platform.js';
import { SCF_RUNTIMES } from './deploy/runtimes.js';
import { type TencentContext } from './types.js';

export const tencentScf: Platform = {
  adapterModule: 'wick/adapters/tencent-scf',
  runtimes: SCF_RUNTIMES,
  external: [],
  loadAdapter: () => import('./index.js'),
  loadDescriptorWriter: async () => (await import('./deploy/serverless.js')).tencentFiles,
  localContext: (fn, requestId): TencentContext => ({
    request_id: requestId,
    function_name: fn?.name ?? 'local',
    memory_limit_in_mb: fn?.settings.memorySize ?? 128,
    time_limit_in_ms: (fn?.settings.timeout ?? 3) * 1000,
  }),
};
