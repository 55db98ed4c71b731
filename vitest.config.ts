import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ built once, as `npm run build` does: the process tests run the built app.
    globalSetup: ['test/support/build-dist.ts'],
    // Chart rendering and the CLI end-to-end tests spawn real processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
