import { pathToFileURL } from 'node:url';

/** Imports an app file by absolute path; under vitest the same call goes through its transform. */
export function importModule(file: string): Promise<Record<string, any>> {
  return import(pathToFileURL(file).href);
}
