import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Manifest } from '../../functions/manifest.js';
import { requireFunctions, type DescriptorFile } from './common.js';
import { knativeFiles } from './knative.js';
import { samFiles } from './sam.js';
import { serverlessDevsFiles } from './serverless-devs.js';
import { tencentFiles } from './tencent.js';

/**
 * The cloud descriptor for the adapter each platform's bundles carry: a bundle built for Aliyun speaks FC
 * events, so only s.yaml can deploy it. A host build is for running locally, so it gets none, and limits that
 * only a cloud has (AWS's whole-minute schedules, 128 MB minimum) do not stop it; `--platform aws` is for AWS.
 */
const CLOUD_FILES: Record<string, (manifest: Manifest) => DescriptorFile[]> = {
  aws: samFiles,
  host: () => [],
  aliyun: serverlessDevsFiles,
  tencent: tencentFiles,
};

/** Every descriptor for a manifest, rendered: the platform's cloud descriptor, then Knative for the HTTP functions. */
function descriptorFiles(manifest: Manifest): DescriptorFile[] {
  requireFunctions(manifest);
  const cloud = CLOUD_FILES[manifest.platform];
  if (!cloud) throw new Error(`deploy descriptors: unknown platform ${JSON.stringify(manifest.platform)}: expected aws, aliyun, tencent or host`);
  return [...cloud(manifest), ...knativeFiles(manifest)];
}

/**
 * Writes the deploy descriptors for the built functions into `out`, beside manifest.json; returns their paths.
 * Everything is rendered first, so a trigger that cannot be expressed fails the build before any file is written.
 */
export function writeDescriptors(out: string, manifest: Manifest): string[] {
  return descriptorFiles(manifest).map(({ file, text }) => {
    const path = join(out, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}
