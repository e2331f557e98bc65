// The consumer suite (scripts/consumer-check.mjs copies this folder into a fresh npm project that has
// installed the package tarball, and runs it there). It imports only the package and public modules.
import { readFileSync } from 'node:fs';

import { defineConfig } from '@playwright/test';
import type { ConfigFileInput } from 'iothub-device-console';
import type { BrokerTestFixtures, BrokerWorkerFixtures } from 'iothub-device-console/playwright';

const httpPort = Number(process.env.CONSUMER_HTTP_PORT ?? '18480');
const mqttPort = Number(process.env.CONSUMER_MQTT_PORT ?? '18483');
const chromium = process.env.IOTHUB_CHROMIUM ?? '/usr/bin/chromium';

/** The broker of the webServer, as a separate process: what `GET /healthz` and the HTTP verbs talk to. */
export const SEPARATE = {
  httpUrl: `http://127.0.0.1:${String(httpPort)}`,
  mqttUrl: `mqtt://127.0.0.1:${String(mqttPort)}`,
  adminPassword: 'consumer-check-password',
} as const;

/** The consumer's seed: what the fixtures' broker and the webServer broker (--config) start with. */
const seed = JSON.parse(
  readFileSync(new URL('./seed.json', import.meta.url), 'utf8'),
) as ConfigFileInput;

export default defineConfig<BrokerTestFixtures, BrokerWorkerFixtures>({
  testDir: 'specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'results.json' }]],
  use: {
    // the package's `broker` fixture starts from this seed and is reset to it before every test
    brokerConfig: seed,
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    },
  },
  // `npx iothub-dev-broker` from the installed package; Playwright waits for /healthz to answer 200.
  webServer: {
    command: `npx iothub-dev-broker --storage memory --no-demo --config seed.json --http-port ${String(httpPort)} --mqtt-port ${String(mqttPort)} --log-level warn`,
    url: `${SEPARATE.httpUrl}/healthz`,
    env: { ...process.env, IOTHUB_ADMIN_PASSWORD: SEPARATE.adminPassword },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
