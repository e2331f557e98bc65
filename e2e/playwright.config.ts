import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { defineConfig, devices } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const ci = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';

// Debian's Chromium (installed by .ci/run); Playwright's own browser only where that is missing.
const chromiumPath = process.env.IOTHUB_CHROMIUM ?? '/usr/bin/chromium';
const executablePath = existsSync(chromiumPath) ? { executablePath: chromiumPath } : {};

/** The JSON report scripts/run-tests.mjs reads for the summary line. */
export const PLAYWRIGHT_JSON_REPORT =
  process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? `${repoRoot}.playwright-results.json`;

export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  forbidOnly: ci,
  retries: 0,
  ...(ci ? { workers: 1 } : {}),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: PLAYWRIGHT_JSON_REPORT }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
