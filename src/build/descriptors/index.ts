import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Manifest } from '../../functions/manifest.js';
import { requireFunctions, type DescriptorFile } from '../../../adapters/common/descriptors/files.js';
import { platformNamed } from '../../../adapters/registry.js';
import { knativeFiles } from './knative.js';

/**
 * The cloud descriptor for the adapter each platform's bundles carry: a bundle built for Aliyun speaks FC
 * events, so only s.yaml can deploy it. A host build is for running locally, so it gets none, and limits that
 * only a cloud has (AWS's whole-minute schedules, 128 MB minimum) do not stop it; `--platform aws` is for AWS.
 */
async function cloudFiles(manifest: Manifest): Promise<DescriptorFile[]> {
  if (manifest.platform === 'host') return [];
  const writer = await platformNamed(manifest.platform).loadDescriptorWriter();
  return writer(manifest);
}

/**
 * Writes the deploy descriptors for the built functions into `out`, beside manifest.json: the platform's cloud
 * descriptor, then Knative for the HTTP functions; returns their paths. Everything is rendered first, so a trigger
 * that cannot be expressed fails the build before any file is written.
 */
export async function writeDescriptors(out: string, manifest: Manifest): Promise<string[]> {
  requireFunctions(manifest);
  const files = [...(await cloudFiles(manifest)), ...knativeFiles(manifest)];
  return files.map(({ file, text }) => {
    const path = join(out, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}
