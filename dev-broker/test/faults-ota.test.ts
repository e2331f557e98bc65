import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { outboundTopic, responseFilter } from '../../src/protocol/topics.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import {
  newDevice,
  requestChunk,
  requestTopic,
  testBytes,
  upload,
} from './support/ota-fixtures.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const image = testBytes(1000, 7);

/** A device with the package assigned, connected and subscribed to chunks and errors. */
async function otaDevice(prefix: string): Promise<{ name: string; c: TestClient }> {
  const device = await newDevice(broker, prefix);
  const pkg = await upload(broker, image);
  await broker.hub.ota.assign(pkg.id, { deviceId: device.id });
  const c = await connectDevice(broker, 'tcp', 4, { username: device.token });
  await c.subscribe({
    [responseFilter.otaChunks('fw')]: { qos: 1 },
    [outboundTopic.otaError('fw')]: { qos: 1 },
  });
  return { name: device.name, c };
}

const injected = (device: string) =>
  broker.hub.events
    .list({ kinds: ['fault_injected'] })
    .filter((e) => e.deviceName === device)
    .map((e) => e.message);

describe('OTA faults (ADR 0011)', () => {
  it('ota.corrupt flips one byte of the next chunk; the one after is intact', async () => {
    const { name, c } = await otaDevice('oc');
    broker.faults.add({ kind: 'ota.corrupt', device: name, count: 1 });
    const bad = await requestChunk(c, 'fw', 1, 0, '400');
    expect(bad).toHaveLength(400);
    expect(bad.equals(image.subarray(0, 400))).toBe(false);
    const diff = [...bad].flatMap((b, i) => (b === image[i] ? [] : [i]));
    expect(diff).toEqual([200]);
    expect(await requestChunk(c, 'fw', 1, 1, '400')).toEqual(image.subarray(400, 800));
    expect(injected(name)[0]).toMatch(/^injected: firmware chunk corrupted \(byte 200\) for oc-/);
    c.client.end(true);
  });

  it('ota.truncate serves the first half of the chunk', async () => {
    const { name, c } = await otaDevice('ot');
    broker.faults.add({ kind: 'ota.truncate', device: name, count: 1 });
    expect(await requestChunk(c, 'fw', 2, 0, '400')).toEqual(image.subarray(0, 200));
    expect(await requestChunk(c, 'fw', 2, 0, '400')).toEqual(image.subarray(0, 400));
    c.client.end(true);
  });

  it('ota.slow sends the chunk late, after its PUBACK', async () => {
    const { name, c } = await otaDevice('os');
    broker.faults.add({ kind: 'ota.slow', device: name, count: 1, ms: 300 });
    const started = Date.now();
    expect(await requestChunk(c, 'fw', 3, 0, '')).toEqual(image);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    c.client.end(true);
  });

  it('ota.error answers with the error text and closes, as a real OTA error does (spec §11)', async () => {
    const { name, c } = await otaDevice('oe');
    broker.faults.add({ kind: 'ota.error', device: name, code: 'NOT_FOUND' });
    c.client.publish(requestTopic('fw', 4, 0), '100', { qos: 1 }); // no PUBACK comes: not awaited
    expect((await c.message(outboundTopic.otaError('fw'))).text).toBe('NOT_FOUND');
    await c.closed;
    expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
    const errors = broker.hub.events.list({ kinds: ['ota_error'] }).map((e) => e.message);
    expect(errors[0]).toBe('NOT_FOUND: injected by a fault injection rule; closing the connection');
    expect(broker.faults.list()).toHaveLength(1); // until removed
    broker.faults.clear();
  });
});
