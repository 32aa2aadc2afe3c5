import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { explainImportError } from '../decorators/compiler-settings.js';

/**
 * Imports an app file by absolute path; under vitest the same call goes through its transform.
 * A file compiled to CommonJS comes back from `import()` as `{ default: module.exports }`; when its
 * exports carry the `__esModule` mark (TypeScript's and Babel's CommonJS output), they are the module's
 * real exports, with `default` as its default export, so that object is returned instead.
 */
export async function importModule(file: string): Promise<Record<string, any>> {
  let namespace: Record<string, any>;
  try {
    namespace = await import(pathToFileURL(file).href);
  } catch (err) {
    throw explainImportError(err, file, () => readFileSync(file, 'utf8'));
  }
  const exports = namespace.default;
  return exports !== null && typeof exports === 'object' && exports.__esModule === true ? exports : namespace;
}
