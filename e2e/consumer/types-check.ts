// Checked with `tsc --noEmit` in the consumer project: the package's .d.ts give real types (a wrong use
// is an error, so every @ts-expect-error below must be needed), not `any`.
import {
  startDevBroker,
  WaitAbortedError,
  WaitTimeoutError,
  type BrokerSnapshot,
  type DevBroker,
  type DevBrokerOptions,
  type HealthResponse,
  type TelemetryWait,
} from 'iothub-device-console';
import {
  expect,
  test,
  type BrokerFixtureOptions,
  type ResetBetween,
  type TestDevice,
} from 'iothub-device-console/playwright';

export async function typed(): Promise<void> {
  const options: DevBrokerOptions = { storage: 'memory', mqttPort: 0, httpPort: 0, demo: false };
  const broker: DevBroker = await startDevBroker(options);
  const port: number = broker.mqttPort;
  // @ts-expect-error: the port is a number
  const wrong: string = broker.httpPort;
  // @ts-expect-error: storage is 'sqlite' or 'memory'
  const badOptions: DevBrokerOptions = { storage: 'redis' };
  const wait: TelemetryWait = { device: 'sensor-1', key: 'temperature', count: 2, timeoutMs: 1000 };
  const points = await broker.waitFor.telemetry(wait);
  const first: number | undefined = points[0]?.ts;
  const snapshot: BrokerSnapshot = broker.snapshot();
  const version: 1 = snapshot.version;
  // @ts-expect-error: reset() resolves with a summary, not a snapshot
  const notASnapshot: BrokerSnapshot = await broker.reset();
  const health: HealthResponse['status'] = 'ok';
  const errors: Error[] = [new WaitTimeoutError('x'), new WaitAbortedError('y')];
  await broker.close();
  void [port, wrong, badOptions, first, version, notASnapshot, health, errors];
}

/** The fixtures' options and the device fixture are typed too (never run: only type-checked). */
export function typedFixtures(): void {
  const policy: ResetBetween = 'file';
  test.use({ resetBetween: policy, brokerOptions: { logLevel: 'error' } });
  // @ts-expect-error: resetBetween is 'test' or 'file'
  test.use({ resetBetween: 'suite' });
  // @ts-expect-error: the config comes from brokerConfig, not brokerOptions
  const options: BrokerFixtureOptions = { config: {} };

  test('typed', async ({ device, operator }) => {
    const sensor: TestDevice = await device({ name: 'sensor-1', transport: 'ws' });
    // @ts-expect-error: the transport is 'tcp' or 'ws'
    await device({ name: 'sensor-1', transport: 'udp' });
    const { items } = await operator.request('devices.list', {});
    const name: string | undefined = items[0]?.name;
    // @ts-expect-error: not an operator API method
    await operator.request('devices.explode');
    expect(sensor.closed).toBe(false);
    void [name, options];
  });
}
