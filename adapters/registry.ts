import { aliyunFc } from './aliyun-fc/platform.js';
import { awsLambda } from './aws-lambda/platform.js';
import { type Platform } from './common/platform.js';
import { tencentScf } from './tencent-scf/platform.js';

/**
 * Every platform Wick builds for and invokes through, by the name `--platform` and manifest.json use: adding one
 * is its folder plus a line here (README "Adding a platform").
 */
export const PLATFORMS = {
  aws: awsLambda,
  aliyun: aliyunFc,
  tencent: tencentScf,
} satisfies Record<string, Platform>;

export type PlatformName = keyof typeof PLATFORMS;

export const PLATFORM_NAMES = Object.keys(PLATFORMS) as PlatformName[];

export function platformNamed(name: string): Platform {
  const platform = PLATFORMS[name as PlatformName];
  if (!platform) throw new Error(`unknown platform ${JSON.stringify(name)}: use ${PLATFORM_NAMES.join(', ')}`);
  return platform;
}
