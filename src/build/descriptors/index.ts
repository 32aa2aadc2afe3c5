import { type Manifest } from '../manifest.js';

/** Writes every deploy descriptor for the built functions into `out`. */
export function writeDescriptors(out: string, manifest: Manifest): void {
  void out;
  void manifest;
  throw new Error('deploy descriptors: being written');
}
