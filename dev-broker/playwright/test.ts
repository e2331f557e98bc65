/**
 * `iothub-device-console/playwright`: Playwright's `test` and `expect`, extended with the dev broker's
 * fixtures (docs/testing.md "Playwright fixtures"):
 * - `broker` (worker): an in-memory dev broker on free ports, no demo, quiet logs, seeded from the
 *   `brokerConfig` option, reset to that seed between tests (`resetBetween: 'test' | 'file'`);
 * - `device(nameOrOptions)`: a simulated device over MQTT — the typed DeviceClient, no topic strings;
 * - `operator`: the typed operator-API client, logged in as admin;
 * - `consolePage`: the console in the test's `page`, with device and operator page objects.
 * Devices and the operator are disconnected when the test ends; a test that ends otherwise than
 * expected gets the broker's event log of that test attached to its report.
 */
import { test as base } from '@playwright/test';

import { connectOperator } from '../../src/client/adapters/connect-operator.ts';
import type { OperatorClient } from '../../src/client/operator-client.ts';
import type { ConfigFileInput } from '../config/config-file.ts';
import { startDevBroker, type DevBroker, type DevBrokerOptions } from '../main.ts';

import { attachEventLogOnFailure, recordEvents } from './event-log.ts';
import { ConsolePage } from './pages/console-page.ts';
import { ResetPolicy, type ResetBetween } from './reset-policy.ts';
import { connectTestDevice, type TestDevice, type TestDeviceOptions } from './test-device.ts';

export { expect } from '@playwright/test';
export { MqttConnectError } from '../../src/client/adapters/mqtt-node.ts';
export { DeviceRequestError } from '../../src/client/device-client.ts';
export { OperatorRequestError } from '../../src/client/operator-client.ts';
export type { DeviceErrorCode } from '../../src/client/device-errors.ts';
export type { DeviceEvents } from '../../src/client/device-events.ts';
export type { OperatorClient } from '../../src/client/operator-client.ts';
export { ConsolePage } from './pages/console-page.ts';
export { DeviceRole, type ConsoleMqttVersion } from './pages/device-role.ts';
export { OperatorRole } from './pages/operator-role.ts';
export type { ResetBetween } from './reset-policy.ts';
export { TestDevice, type TestDeviceOptions } from './test-device.ts';

/** Start options of the fixture's broker, passed to `startDevBroker` (the config comes from `brokerConfig`). */
export type BrokerFixtureOptions = Omit<DevBrokerOptions, 'config'>;

export interface BrokerWorkerFixtures {
  /** The worker's dev broker (see {@link DevBroker}): `waitFor`, `faults`, `reset()`, `hub`, URLs. */
  broker: DevBroker;
  /** Option: the seed (devices, profiles, settings) the broker starts with and resets to. */
  brokerConfig: ConfigFileInput;
  /** Option: more `startDevBroker` options; defaults are memory storage, ports 0, no demo, `warn` logs. */
  brokerOptions: BrokerFixtureOptions;
}

export interface BrokerTestFixtures {
  /** Option: reset the broker before every test (`'test'`, default) or once per test file (`'file'`). */
  resetBetween: ResetBetween;
  /** Connects a simulated device: a device name of the seed, or {@link TestDeviceOptions}. */
  device: (nameOrOptions: string | TestDeviceOptions) => Promise<TestDevice>;
  /** The typed operator API client, logged in as admin over MQTT 5. */
  operator: OperatorClient;
  /** The console, opened in `page` at `broker.httpUrl`. */
  consolePage: ConsolePage;
  /** Internal (automatic): resets per `resetBetween` and attaches the event log of a failed test. */
  brokerTestScope: undefined;
}

const DEFAULTS: DevBrokerOptions = {
  storage: 'memory',
  host: '127.0.0.1',
  mqttPort: 0,
  httpPort: 0,
  demo: false,
  logLevel: 'warn',
};

const resets = new ResetPolicy();

export const test = base.extend<BrokerTestFixtures, BrokerWorkerFixtures>({
  brokerConfig: [{}, { scope: 'worker', option: true }],
  brokerOptions: [{}, { scope: 'worker', option: true }],
  broker: [
    async ({ brokerConfig, brokerOptions }, use) => {
      const broker = await startDevBroker({ ...DEFAULTS, ...brokerOptions, config: brokerConfig });
      try {
        await use(broker);
      } finally {
        await broker.close();
      }
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  resetBetween: ['test', { option: true }],
  brokerTestScope: [
    async ({ broker, resetBetween }, use, testInfo) => {
      if (resets.beforeTest(resetBetween, testInfo.file)) await broker.reset();
      const recorder = recordEvents(broker.hub.events);
      try {
        await use(undefined);
      } finally {
        recorder.stop();
        await attachEventLogOnFailure(testInfo, recorder);
      }
    },
    { auto: true, box: true },
  ],
  device: async ({ broker }, use) => {
    const devices: TestDevice[] = [];
    await use(async (nameOrOptions) => {
      const device = await connectTestDevice(broker, nameOrOptions);
      devices.push(device);
      return device;
    });
    // one the broker already dropped closes at once; one still waiting for a PUBACK is forced
    await Promise.all(devices.map((device) => device.close()));
  },
  operator: async ({ broker }, use) => {
    const connection = await connectOperator({
      url: broker.mqttUrl,
      password: broker.admin.password,
    });
    try {
      await use(connection.client);
    } finally {
      await connection.close();
    }
  },
  consolePage: async ({ page, broker }, use) => {
    const consolePage = new ConsolePage(page, broker.httpUrl, broker.admin.password);
    await consolePage.open();
    await use(consolePage);
  },
});
