// Test runner configuration: every suite under test/, real peers started by test/harness/global-setup.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/harness/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
