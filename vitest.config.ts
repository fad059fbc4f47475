import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // 2-core machine: two workers keep database-heavy files from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // After the default summary: skipped tests counted by the reason in their names.
    reporters: ['default', './tests/helpers/skip-summary-reporter.ts'],
  },
});
