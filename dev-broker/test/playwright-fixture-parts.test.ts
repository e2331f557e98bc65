// The parts of the package's Playwright fixtures (dev-broker/playwright/) that hold logic, against a
// real in-memory broker over real sockets: the event recorder and its attachment on failure, the
// reset policy, and the simulated devices of the `device` fixture.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { MqttConnectError } from '../../src/client/adapters/mqtt-node.ts';
import type { DevBroker } from '../main.ts';
import {
  attachEventLogOnFailure,
  formatEventLog,
  recordEvents,
  type FailureInfo,
} from '../playwright/event-log.ts';
import { ResetPolicy } from '../playwright/reset-policy.ts';
import { connectTestDevice, type TestDevice } from '../playwright/test-device.ts';

import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const devices: TestDevice[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.close()));
  broker.faults.clear();
});
afterAll(async () => {
  await broker.close();
});

async function connect(...args: Parameters<typeof connectTestDevice>[1][]) {
  const device = await connectTestDevice(broker, args[0] ?? 'thermo-1');
  devices.push(device);
  return device;
}

/** A TestInfo stand-in that keeps what is attached. */
function info(status: string, expectedStatus = 'passed') {
  const attached: { name: string; body: string; contentType: string }[] = [];
  const value: FailureInfo = {
    status,
    expectedStatus,
    attach(name, options) {
      attached.push({ name, ...options });
      return Promise.resolve();
    },
  };
  return { value, attached };
}

describe('the event log of a test', () => {
  it('records what the broker records while it runs, and attaches it only when the test failed', async () => {
    const before = recordEvents(broker.hub.events);
    before.stop();
    const recorder = recordEvents(broker.hub.events);
    const refused = await connectTestDevice(broker, { token: 'NO-SUCH-TOKEN' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(MqttConnectError);
    await broker.waitFor.events({ kind: 'auth_failed' });
    recorder.stop();
    expect(recorder.events.map((e) => e.kind)).toContain('auth_failed');
    expect(before.events).toEqual([]);

    const passed = info('passed');
    expect(await attachEventLogOnFailure(passed.value, recorder)).toBe(false);
    expect(passed.attached).toEqual([]);
    const expectedFailure = info('failed', 'failed');
    expect(await attachEventLogOnFailure(expectedFailure.value, recorder)).toBe(false);

    for (const status of ['failed', 'timedOut', 'interrupted']) {
      const failed = info(status);
      expect(await attachEventLogOnFailure(failed.value, recorder)).toBe(true);
      const [text, json] = failed.attached;
      expect(text).toMatchObject({ name: 'broker-events.txt', contentType: 'text/plain' });
      expect(text?.body).toMatch(/auth_failed/);
      expect(json?.name).toBe('broker-events.json');
      expect(JSON.parse(json?.body ?? '[]')).toEqual(recorder.events);
    }
  });

  it('keeps the newest events when a test makes very many, and says how many it let go', () => {
    const listeners: ((
      e: Parameters<Parameters<typeof broker.hub.events.subscribe>[0]>[0],
    ) => void)[] = [];
    const recorder = recordEvents(
      {
        subscribe: (listener) => {
          listeners.push(listener);
          return () => listeners.splice(0);
        },
      },
      3,
    );
    for (let id = 1; id <= 5; id++)
      listeners[0]?.({
        id,
        ts: 0,
        kind: 'session_opened',
        deviceId: null,
        deviceName: `d${String(id)}`,
        clientId: null,
        topic: null,
        message: `opened ${String(id)}`,
      });
    expect(recorder.events.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(recorder.dropped).toBe(2);
    const text = formatEventLog(recorder.events, recorder.dropped);
    expect(text.split('\n')[0]).toBe('(2 earlier events are not shown)');
    expect(text).toContain('1970-01-01T00:00:00.000Z  session_opened     device=d5  opened 5');
    expect(formatEventLog([])).toBe('The broker recorded no event during this test.\n');
  });
});

describe('the reset policy', () => {
  it("'test' resets before every test but a worker's first", () => {
    const policy = new ResetPolicy();
    expect(['a', 'a', 'b', 'b'].map((file) => policy.beforeTest('test', file))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("'file' resets when the next test is of another file", () => {
    const policy = new ResetPolicy();
    expect(['a', 'a', 'b', 'b', 'a'].map((file) => policy.beforeTest('file', file))).toEqual([
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('refuses an unknown policy in plain words', () => {
    expect(() => new ResetPolicy().beforeTest('suite' as 'file', 'a')).toThrow(
      /resetBetween must be 'test' or 'file', got "suite"/,
    );
  });
});

describe('the simulated devices of the device fixture', () => {
  it('connects a seeded device by name over TCP and WebSocket, MQTT 3.1.1 and 5', async () => {
    for (const transport of ['tcp', 'ws'] as const)
      for (const protocolVersion of [4, 5] as const) {
        const device = await connect({ name: 'thermo-1', transport, protocolVersion });
        await device.sendTelemetry({ [`${transport}${String(protocolVersion)}`]: 1 });
        await broker.waitFor.telemetry({
          device: 'thermo-1',
          key: `${transport}${String(protocolVersion)}`,
        });
        expect(
          broker.hub.sessions.forDevice(broker.hub.devices.get('thermo-1').id).length,
        ).toBeGreaterThan(0);
      }
  });

  it('reads MQTT basic credentials from the broker (client id; username and password)', async () => {
    for (const name of ['pump-3', 'probe-2']) {
      const device = await connect(name);
      await device.sendAttributes({ mode: 'eco' });
      const attr = await broker.waitFor.attributes({ device: name, key: 'mode' });
      expect(attr.value).toBe('eco');
    }
  });

  it('a refused connection rejects with the CONNACK code (connect.refuse fault)', async () => {
    broker.faults.add({ kind: 'connect.refuse', device: 'thermo-1', code: 5, count: 1 });
    const error = await connectTestDevice(broker, 'thermo-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MqttConnectError);
    expect((error as MqttConnectError).code).toBe(5);
    await connect('thermo-1');
  });

  it('a dropped PUBACK (puback.drop fault) is a TIMEOUT with ackTimeoutMs; the data is stored', async () => {
    const device = await connect('thermo-1');
    broker.faults.add({ kind: 'puback.drop', device: 'thermo-1', count: 1 });
    await expect(device.sendTelemetry({ dropped: 1 }, { ackTimeoutMs: 300 })).rejects.toMatchObject(
      {
        code: 'TIMEOUT',
      },
    );
    await broker.waitFor.telemetry({ device: 'thermo-1', key: 'dropped' });
    await device.sendTelemetry({ acked: 1 }, { ackTimeoutMs: 5_000 });
  });

  it('a provisioning client provisions a new device', async () => {
    const provisioner = await connect({ provisioning: true });
    const outcome = await provisioner.provision({
      provisionDeviceKey: 'pk-fleet',
      provisionDeviceSecret: 'ps-fleet',
      deviceName: 'made-by-provisioning',
    });
    expect(outcome).toMatchObject({ status: 'SUCCESS' });
    expect(broker.hub.devices.find('made-by-provisioning')).toBeDefined();
  });

  it('a device the broker closed cancels what it waits for at once', async () => {
    const device = await connect('thermo-1');
    const waiting = device.next('sharedAttributes', { timeoutMs: 10_000 }).catch((e: unknown) => e);
    broker.faults.add({ kind: 'session.close', device: 'thermo-1' });
    expect(await waiting).toMatchObject({ code: 'CANCELLED' });
    expect(device.closed).toBe(true);
  });

  it('says what is wrong with a name the broker does not know, or with no credentials', async () => {
    await expect(connectTestDevice(broker, 'nobody')).rejects.toThrow(
      /the broker has no device of that name; seed it with the brokerConfig option/,
    );
    await expect(connectTestDevice(broker, {})).rejects.toThrow(/give exactly one of name, token/);
    await expect(connectTestDevice(broker, { name: 'thermo-1', token: 'T1' })).rejects.toThrow(
      /give exactly one/,
    );
  });
});
