import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export function fixtureApp(name: string): string {
  return fileURLToPath(new URL(`../fixtures/apps/${name}/`, import.meta.url));
}
