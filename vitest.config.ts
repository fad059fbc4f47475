import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Server-side suites and the dashboard's browser suites (web/e2e: they drive Chromium from Node) run in node;
    // the dashboard's component tests (tests/unit/web-*.test.tsx) say `@vitest-environment jsdom` at
    // their top, and web-dom-setup.ts fills in what jsdom lacks for them.
    include: ['tests/**/*.test.ts', 'tests/unit/web-*.test.tsx', 'web/e2e/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/web-dom-setup.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // 2-core machine: two workers keep database-heavy files from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    // Budgets for a loaded 2-core machine running PostgreSQL, Redis and both workers at once: a PostgreSQL
    // case that takes 2 s alone took over 30 s there. A budget only bounds a hang; it is no speed claim.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // After the default summary: skipped tests counted by the reason in their names.
    reporters: ['default', './tests/helpers/skip-summary-reporter.ts'],
  },
});
