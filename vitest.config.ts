import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // 2-core machine: two workers keep database-heavy files from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    // Budgets for a loaded 2-core machine running PostgreSQL, Redis and both workers at once: a PostgreSQL
    // case that takes 2 s alone took over 30 s there. A budget only bounds a hang; it is no speed claim.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // After the default summary: skipped tests counted by the reason in their names.
    reporters: ['default', './tests/helpers/skip-summary-reporter.ts'],
    projects: [
      // Everything server-side, the e2e browser tests included (they drive Chromium from Node).
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], environment: 'node', globalSetup: ['tests/helpers/global-setup.ts'] } },
      // The dashboard's components, rendered in jsdom (tests/unit/web-*.test.tsx).
      { extends: true, plugins: [react()], test: { name: 'web', include: ['tests/unit/web-*.test.tsx'], environment: 'jsdom', setupFiles: ['tests/unit/web-dom-setup.ts'] } },
    ],
  },
});
