// How a project uses the installed package today: a worker-scoped in-memory broker that every test
// starts from the seed (reset), in front of Playwright's own `test`.
import { readFileSync } from 'node:fs';

import { test as base } from '@playwright/test';
import { startDevBroker, type ConfigFileInput, type DevBroker } from 'iothub-device-console';

/** The consumer's seed: the devices every test starts with (also the webServer broker's --config). */
export const SEED = JSON.parse(
  readFileSync(new URL('./seed.json', import.meta.url), 'utf8'),
) as ConfigFileInput;

export const test = base.extend<{ broker: DevBroker }, { workerBroker: DevBroker }>({
  workerBroker: [
    // Playwright reads fixture dependencies from the first parameter, so it stays an (empty) pattern.

    async ({}, use) => {
      const broker = await startDevBroker({
        storage: 'memory',
        mqttPort: 0,
        httpPort: 0,
        demo: false,
        logLevel: 'warn',
        config: SEED,
      });
      await use(broker);
      await broker.close();
    },
    { scope: 'worker' },
  ],
  broker: async ({ workerBroker }, use) => {
    await workerBroker.reset();
    await use(workerBroker);
  },
});

export { expect } from '@playwright/test';
