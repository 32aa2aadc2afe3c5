import { type Platform } from '../common/platform.js';
import { FC_RUNTIMES } from './deploy/runtimes.js';
import { type AliyunContext } from './types.js';

export const aliyunFc: Platform = {
  adapterModule: 'wick/adapters/aliyun-fc',
  runtimes: FC_RUNTIMES,
  external: [],
  loadAdapter: () => import('./index.js'),
  loadDescriptorWriter: async () => (await import('./deploy/serverless-devs.js')).serverlessDevsFiles,
  localContext: (fn, requestId): AliyunContext => ({
    requestId,
    function: { name: fn?.name ?? 'local', memory: fn?.settings.memorySize ?? 128, timeout: fn?.settings.timeout ?? 3 },
    region: 'local',
  }),
};
