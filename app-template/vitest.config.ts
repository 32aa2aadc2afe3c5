import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // wick imports your src/ files itself; inlining it lets vitest compile them (with decorator metadata).
    server: { deps: { inline: ['wick'] } },
  },
});
