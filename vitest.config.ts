import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the framework from its TypeScript sources, so apps under test share one copy of it.
    alias: [
      { find: /^wick\/testing$/, replacement: src('testing/index.ts') },
      { find: /^wick\/validation$/, replacement: src('validation/index.ts') },
      { find: /^wick\/store$/, replacement: src('store/index.ts') },
      { find: /^wick$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'app-template/test/**/*.test.ts'],
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
