import { describe, expect, it } from 'vitest';
import { appSource } from '../../src/build/app-sources.js';

const EXPORTS: Record<string, ReadonlySet<string>> = {
  wick: new Set(['Configuration', 'Provide', 'HttpError']),
  'wick/validation': new Set(['Rule']),
};
const exportNames = (specifier: string) => EXPORTS[specifier];
const MAP = '//# sourceMappingURL=data:application/json;base64,e30=';

describe("the bundle's edits to an app file", () => {
  it('narrows a namespace import of wick to the members the file reads, on the same line', () => {
    const source = ["import * as koa from 'wick';", "import * as validate from 'wick/validation';", 'export const parts = [koa, validate, koa.HttpError, koa.Missing];', MAP].join('\n');
    const [koa, validate] = appSource(source, 'configuration.js', exportNames).split('\n');
    expect(koa).toBe("import { HttpError as koa$HttpError } from 'wick'; const koa = Object.freeze({ __proto__: null, HttpError: koa$HttpError });");
    expect(validate).toBe('const validate = Object.freeze({ __proto__: null,  });');
  });

  it("points the module's location at its path inside the compiled app, leaving a module's own __dirname alone", () => {
    const cjs = appSource(`const cfg = join(__dirname, './config');\nconst me = __filename + import.meta.url;\n${MAP}`, 'sub/configuration.js', exportNames);
    expect(cjs).toBe(
      `const cfg = join(__wickLocation.dirname, './config');\nconst me = __wickLocation.filename + __wickLocation.url;\nimport * as __wickLocation from "wick-location:sub/configuration.js";\n${MAP}`,
    );
    const own = "const __dirname = dirname(fileURLToPath(import.meta.url));\nexport const at = __dirname;\n";
    expect(appSource(own, 'a.js', exportNames)).toBe(
      "const __dirname = dirname(fileURLToPath(__wickLocation.url));\nexport const at = __dirname;\n\nimport * as __wickLocation from \"wick-location:a.js\";\n",
    );
  });

  it('gives every top-level class its own name back, after the code and before the source map comment', () => {
    const source = ['let PriceService = class PriceService {', '};', 'export class Plain {}', 'class Inner {}', '  class Nested {}', MAP].join('\n');
    const lines = appSource(source, 'price.js', exportNames).split('\n');
    expect(lines.slice(-4)).toEqual([
      "Object.defineProperty(Plain, 'name', { value: \"Plain\", configurable: true });",
      "Object.defineProperty(Inner, 'name', { value: \"Inner\", configurable: true });",
      "Object.defineProperty(PriceService, 'name', { value: \"PriceService\", configurable: true });",
      MAP,
    ]);
    expect(lines.join('\n')).not.toContain('Nested\'');
  });

  it('leaves a file with none of these untouched', () => {
    const source = `export const answer = 42;\n${MAP}`;
    expect(appSource(source, 'answer.js', exportNames)).toBe(source);
  });
});
