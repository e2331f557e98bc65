// A small Playwright project run by ../playwright-fixtures-run.test.ts: it uses the package's
// fixtures (dev-broker/playwright/test.ts) the way a consumer does, with tests that fail on purpose,
// so the test can read Playwright's JSON report for the reset policy and the event log attachments.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 15_000,
  outputDir: process.env.FIXTURE_RUN_OUTPUT ?? 'test-results',
  reporter: [['json', { outputFile: process.env.FIXTURE_RUN_REPORT ?? 'results.json' }]],
});
