import { defineConfig } from 'vitest/config';

// The browser tests: one file at a time (they share one backend and the
// machine has two cores), generous timeouts for a real browser.
export default defineConfig({
  test: {
    include: [process.env.E2E_ONLY ?? 'e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
