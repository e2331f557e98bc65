import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { KvValue } from '../../src/protocol/kv.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { testBytes } from './support/ota-fixtures.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

const DEMO_DEVICES = ['demo-thermostat', 'demo-energy-meter', 'demo-gps-tracker', 'demo-pump'];
const WAIT = 20_000;

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ demo: { intervalScale: 0.05 } });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
const latest = (name: string, key: string): KvValue | undefined =>
  broker.hub.telemetry.latest(idOf(name), [key])[0]?.value;
const client = (name: string, key: string): KvValue | undefined =>
  broker.hub.attributes.get(idOf(name), 'CLIENT', [key])[0]?.value;
const numberOf = (v: KvValue | undefined): number =>
  v?.type === 'DOUBLE' ? v.value : v?.type === 'LONG' ? Number(v.value) : Number.NaN;
const history = (name: string, key: string) =>
  broker.hub.telemetry
    .history(idOf(name), {
      keys: [key],
      startTs: 0,
      endTs: Date.now() + 60_000,
      limit: 1000,
      order: 'ASC',
    })
    .map((p) => ('value' in p && typeof p.value === 'object' ? p.value : undefined));
/** Waits until the device is online and has sent `key` (its subscriptions are in place by then). */
const ready = (name: string, key: string) =>
  eventually(() => {
    expect(broker.hub.sessions.isOnline(idOf(name))).toBe(true);
    expect(latest(name, key)).toBeDefined();
  }, WAIT);

describe('demo scenario (issue 6: "The demo scenario starts and its devices are online and publishing")', () => {
  it('every demo device is online over MQTT and publishes typed telemetry and client attributes', async () => {
    expect(broker.demo?.devices.map((d) => d.name)).toEqual(DEMO_DEVICES);
    const expected: Record<string, Record<string, KvValue['type']>> = {
      'demo-thermostat': { temperature: 'DOUBLE', humidity: 'DOUBLE', heating: 'BOOLEAN' },
      'demo-energy-meter': { power: 'DOUBLE', energy: 'DOUBLE', voltage: 'DOUBLE' },
      'demo-gps-tracker': {
        latitude: 'DOUBLE',
        longitude: 'DOUBLE',
        speed: 'DOUBLE',
        battery: 'DOUBLE',
      },
      'demo-pump': { flow: 'DOUBLE', pressure: 'DOUBLE', running: 'BOOLEAN' },
    };
    for (const [name, keys] of Object.entries(expected)) {
      await eventually(() => {
        expect(broker.hub.sessions.forDevice(idOf(name))[0]?.link.transport).toBe('tcp');
        for (const [key, type] of Object.entries(keys))
          expect(latest(name, key)?.type, `${name} ${key}`).toBe(type);
        expect(client(name, 'model')?.type).toBe('STRING');
        expect(client(name, 'firmwareVersion')).toEqual({ type: 'STRING', value: '1.0.0' });
      }, WAIT);
    }
    // the pump connects with its basic credentials (client id, user name, password)
    expect(broker.hub.sessions.forDevice(idOf('demo-pump'))[0]?.link.clientId).toBe('demo-pump');
    await eventually(
      () => expect(history('demo-energy-meter', 'energy').length).toBeGreaterThanOrEqual(3),
      WAIT,
    );
    const energy = history('demo-energy-meter', 'energy').map(numberOf);
    expect(energy).toEqual([...energy].sort((a, b) => a - b));
    const lat = numberOf(latest('demo-gps-tracker', 'latitude'));
    expect(lat).toBeGreaterThan(52.3);
    expect(lat).toBeLessThan(52.4);
  });

  it('the thermostat follows its shared targetTemp and answers setMode and getState', async () => {
    await ready('demo-thermostat', 'temperature');
    const id = idOf('demo-thermostat');
    await broker.hub.attributes.save(
      id,
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 30 }),
    );
    await eventually(
      () => expect(numberOf(latest('demo-thermostat', 'temperature'))).toBeGreaterThan(28.5),
      WAIT,
    );
    expect(latest('demo-thermostat', 'heating')?.type).toBe('BOOLEAN');

    const result = await broker.hub.rpc.send({
      deviceId: id,
      method: 'setMode',
      params: { mode: 'eco' },
    });
    expect(result).toEqual({ kind: 'reply', reply: { json: true, value: { mode: 'eco' } } });
    await eventually(
      () => expect(client('demo-thermostat', 'mode')).toEqual({ type: 'STRING', value: 'eco' }),
      WAIT,
    );
    const state = await broker.hub.rpc.send({ deviceId: id, method: 'getState', params: {} });
    expect(state).toMatchObject({
      kind: 'reply',
      reply: { json: true, value: { mode: 'eco', targetTemp: 30 } },
    });
    const values =
      state.kind === 'reply' && state.reply.json
        ? (state.reply.value as Record<string, unknown>)
        : {};
    expect(typeof values.temperature).toBe('number');
    expect(typeof values.heating).toBe('boolean');
    const bad = await broker.hub.rpc.send({
      deviceId: id,
      method: 'setMode',
      params: { mode: 'turbo' },
    });
    expect(bad).toEqual({
      kind: 'reply',
      reply: { json: true, value: { error: 'mode must be one of eco, comfort, off' } },
    });
  });

  it('the energy meter resets its trip counter; the pump answers setRunning', async () => {
    await ready('demo-energy-meter', 'power');
    const reset = await broker.hub.rpc.send({
      deviceId: idOf('demo-energy-meter'),
      method: 'reset',
      params: {},
    });
    expect(reset).toMatchObject({ kind: 'reply', reply: { json: true, value: { tripEnergy: 0 } } });
    await ready('demo-pump', 'flow');
    const stop = await broker.hub.rpc.send({
      deviceId: idOf('demo-pump'),
      method: 'setRunning',
      params: { running: false },
    });
    expect(stop).toEqual({ kind: 'reply', reply: { json: true, value: { running: false } } });
    await eventually(
      () => expect(latest('demo-pump', 'running')).toEqual({ type: 'BOOLEAN', value: false }),
      WAIT,
    );
  });

  it('the energy meter installs an assigned firmware: chunks, checksum, DOWNLOADING … UPDATED', async () => {
    await ready('demo-energy-meter', 'power');
    const data = testBytes(40_000, 6); // three chunks of at most 16 KiB
    const pkg = await broker.hub.ota.upload({
      title: 'meter-fw',
      version: '2.1.0',
      type: 'FIRMWARE',
      data,
      checksumAlgorithm: 'SHA256',
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: idOf('demo-energy-meter') });
    await eventually(() => {
      expect(latest('demo-energy-meter', 'fw_state')).toEqual({ type: 'STRING', value: 'UPDATED' });
      expect(latest('demo-energy-meter', 'current_fw_version')).toEqual({
        type: 'STRING',
        value: '2.1.0',
      });
      expect(latest('demo-energy-meter', 'current_fw_title')).toEqual({
        type: 'STRING',
        value: 'meter-fw',
      });
    }, WAIT);
    const states = history('demo-energy-meter', 'fw_state').map((v) =>
      v?.type === 'STRING' ? v.value : null,
    );
    expect(states.slice(-5)).toEqual([
      'DOWNLOADING',
      'DOWNLOADED',
      'VERIFIED',
      'UPDATING',
      'UPDATED',
    ]);
    await eventually(
      () =>
        expect(client('demo-energy-meter', 'firmwareVersion')).toEqual({
          type: 'STRING',
          value: '2.1.0',
        }),
      WAIT,
    );
  });

  it('a URL package is refused by the device: FAILED with fw_error', async () => {
    await ready('demo-gps-tracker', 'speed');
    const pkg = await broker.hub.ota.upload({
      title: 'tracker-fw',
      version: '9',
      type: 'FIRMWARE',
      url: 'https://firmware.example.com/tracker-9.bin',
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: idOf('demo-gps-tracker') });
    await eventually(() => {
      expect(latest('demo-gps-tracker', 'fw_state')).toEqual({ type: 'STRING', value: 'FAILED' });
      expect(latest('demo-gps-tracker', 'fw_error')?.type).toBe('STRING');
    }, WAIT);
  });

  it('reconnects when the broker drops it, and yields to a real session using its credentials', async () => {
    await ready('demo-pump', 'flow');
    const pump = broker.hub.devices.get('demo-pump');
    const before = broker.hub.sessions.forDevice(pump.id)[0];
    broker.hub.devices.closeSessions(pump, 'test: dropped by the broker');
    await eventually(() => {
      const now = broker.hub.sessions.forDevice(pump.id)[0];
      expect(now).toBeDefined();
      expect(now).not.toBe(before);
    }, WAIT);

    const token = broker.demo?.thermostat.credentials;
    if (token?.type !== 'ACCESS_TOKEN') throw new Error('the demo thermostat has an access token');
    const id = idOf('demo-thermostat');
    const real = await connectDevice(broker, 'tcp', 4, {
      username: token.token,
      clientId: 'real-thermostat',
    });
    // while the real device holds the session, the simulator does not take it back (the pump ticks meanwhile)
    const ticks = history('demo-pump', 'flow').length;
    await eventually(
      () => expect(history('demo-pump', 'flow').length).toBeGreaterThan(ticks + 10),
      WAIT,
    );
    expect(real.isClosed()).toBe(false);
    expect(broker.hub.sessions.forDevice(id).map((s) => s.link.clientId)).toEqual([
      'real-thermostat',
    ]);
    await real.end();
    await eventually(
      () => expect(broker.hub.sessions.forDevice(id)[0]?.link.clientId).toBe('demo-thermostat-sim'),
      WAIT,
    );
  });
});

describe('demo off and shutdown', () => {
  it('demo: false (--no-demo) seeds and starts no demo device', async () => {
    const quiet = await startTestBroker({ demo: false });
    try {
      expect(quiet.demo).toBeNull();
      for (const name of DEMO_DEVICES) expect(quiet.hub.devices.find(name)).toBeUndefined();
      expect(quiet.hub.sessions.all()).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it('broker.close() stops the demo and leaves nothing running: the process exits by itself', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'fixtures/demo-exit-child.ts')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    clearTimeout(guard);
    expect(out).toContain('online 4/4');
    expect(out).toContain('closed');
    expect(code).toBe(0);
  }, 30_000);
});
