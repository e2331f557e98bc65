import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import {
  newDevice,
  outcomeOf,
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

const FIRMWARE = testBytes(2500, 27);
const SOFTWARE = testBytes(3000, 99);

/** A device with the example's 2500-byte firmware (and a 3000-byte software package) assigned. */
async function deviceWithPackages(prefix: string) {
  const d = await newDevice(broker, prefix);
  const fw = await upload(broker, FIRMWARE);
  const sw = await upload(broker, SOFTWARE, { type: 'SOFTWARE' });
  await broker.hub.ota.assign(fw.id, { deviceId: d.id });
  await broker.hub.ota.assign(sw.id, { deviceId: d.id });
  return d;
}

/** Publishes a request that must fail: no PUBACK, the error text, then the close (spec §11 "Errors"). */
async function expectOtaError(
  c: TestClient,
  topic: string,
  payload: string,
  errorTopic: string,
  text: string,
): Promise<void> {
  const pubacks = () => c.packets.filter((p) => p.cmd === 'puback').length;
  const before = pubacks();
  const outcome = outcomeOf(c.publish(topic, payload));
  const error = await c.message(errorTopic);
  expect(error.text).toBe(text);
  await c.closed;
  expect(await outcome).not.toBe('acked');
  expect(pubacks()).toBe(before);
  // MQTT 5: DISCONNECT 0x83 (implementation specific error) before the close, as the reference sends
  const disconnect = c.packets.find((p) => p.cmd === 'disconnect');
  if (c.client.options.protocolVersion === 5) expect(disconnect?.reasonCode).toBe(0x83);
  else expect(disconnect).toBeUndefined();
}

describe.each(MATRIX)('chunk serving over %s, MQTT v%i (spec §11)', (transport, version) => {
  it('example 27: size 1024, then empty payloads reuse it; index 2 is the 452-byte tail; index 3 is empty', async () => {
    const d = await deviceWithPackages(`ex27-${transport}${String(version)}`);
    const c = await connectDevice(broker, transport, version, { username: d.token });
    expect(await requestChunk(c, 'fw', 1, 0, '1024')).toEqual(FIRMWARE.subarray(0, 1024));
    const tail = await requestChunk(c, 'fw', 1, 2, '');
    expect(tail.length).toBe(452);
    expect(tail).toEqual(FIRMWARE.subarray(2048, 2500));
    expect((await requestChunk(c, 'fw', 1, 3, '')).length).toBe(0);
    await c.end();
  });

  it('example 28: no size → index 0 is the whole file, index 1 empty; 70000 → PAYLOAD_TOO_LARGE and close', async () => {
    const d = await deviceWithPackages(`ex28-${transport}${String(version)}`);
    const c = await connectDevice(broker, transport, version, { username: d.token });
    expect(await requestChunk(c, 'fw', 2, 0, '')).toEqual(FIRMWARE);
    expect((await requestChunk(c, 'fw', 2, 1, '')).length).toBe(0);
    await expectOtaError(c, requestTopic('fw', 3, 0), '70000', 'v2/fw/error', 'PAYLOAD_TOO_LARGE');
    const event = broker.hub.events.list({ deviceId: d.id, kinds: ['ota_error'] })[0];
    expect(event?.topic).toBe('v2/fw/request/3/chunk/0');
    expect(event?.message).toContain('PAYLOAD_TOO_LARGE');
  });

  it('example 28: with no package assigned, any request → NOT_FOUND on v2/fw/error, then close', async () => {
    const d = await newDevice(broker, `none-${transport}${String(version)}`);
    const c = await connectDevice(broker, transport, version, { username: d.token });
    await expectOtaError(c, requestTopic('fw', 1, 0), '1024', 'v2/fw/error', 'NOT_FOUND');
    expect(broker.hub.events.list({ deviceId: d.id, kinds: ['ota_error'] })[0]?.message).toContain(
      'NOT_FOUND',
    );
  });

  it('software uses the same rules on v2/sw; errors go to v2/sw/error (§14.11)', async () => {
    const d = await deviceWithPackages(`sw-${transport}${String(version)}`);
    const c = await connectDevice(broker, transport, version, { username: d.token });
    expect(await requestChunk(c, 'sw', 1, 0, '1024')).toEqual(SOFTWARE.subarray(0, 1024));
    expect(await requestChunk(c, 'sw', 1, 2, '')).toEqual(SOFTWARE.subarray(2048, 3000));
    expect((await requestChunk(c, 'sw', 1, 3, '')).length).toBe(0);
    expect(await requestChunk(c, 'sw', 2, 0, '')).toEqual(SOFTWARE);
    expect((await requestChunk(c, 'sw', 2, 1, '0')).length).toBe(0);
    await expectOtaError(c, requestTopic('sw', 3, 0), '70000', 'v2/sw/error', 'PAYLOAD_TOO_LARGE');
    expect(c.messages.some((m) => m.topic === 'v2/fw/error')).toBe(false);
  });

  it('a non-digit size is an invalid payload: 3.1.1 closes without PUBACK, v5 gets PUBACK 0x99 and stays open', async () => {
    const d = await deviceWithPackages(`nan-${transport}${String(version)}`);
    const c = await connectDevice(broker, transport, version, { username: d.token });
    const outcome = await outcomeOf(c.publish(requestTopic('fw', 1, 0), '1e3'));
    // neither a chunk nor an error text: only the invalid-payload handling
    expect(c.messages.some((m) => m.topic.startsWith('v2/fw/'))).toBe(false);
    if (version === 5) {
      expect(outcome).toBe(0x99);
      expect(c.isClosed()).toBe(false);
      // still usable, and the refused size was not remembered
      expect(await requestChunk(c, 'fw', 1, 0, '')).toEqual(FIRMWARE);
      await c.end();
    } else {
      expect(outcome).toBe('closed');
      await c.closed;
      expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
    }
    const event = broker.hub.events.list({ deviceId: d.id, kinds: ['invalid_payload'] })[0];
    expect(event?.topic).toBe('v2/fw/request/1/chunk/0');
    expect(event?.message).toContain('decimal digits');
  });
});

describe('chunk request state (spec §11 size rules)', () => {
  it('remembers the size per reqId, keeps fw and sw ids apart, and forgets everything with the session', async () => {
    const d = await deviceWithPackages('remember');
    const c = await connectDevice(broker, 'tcp', 4, { username: d.token });
    expect(await requestChunk(c, 'fw', 1, 0, '100')).toEqual(FIRMWARE.subarray(0, 100));
    expect(await requestChunk(c, 'fw', 2, 0, '200')).toEqual(FIRMWARE.subarray(0, 200));
    expect(await requestChunk(c, 'fw', 1, 1, '')).toEqual(FIRMWARE.subarray(100, 200));
    expect(await requestChunk(c, 'fw', 2, 1, '')).toEqual(FIRMWARE.subarray(200, 400));
    expect(await requestChunk(c, 'fw', 1, 2, '0')).toEqual(FIRMWARE.subarray(200, 300));
    // a new size replaces the remembered one
    expect(await requestChunk(c, 'fw', 1, 1, '1000')).toEqual(FIRMWARE.subarray(1000, 2000));
    expect(await requestChunk(c, 'fw', 1, 2, '')).toEqual(FIRMWARE.subarray(2000, 2500));
    // software request 1 is another request: no size remembered, so the whole software file
    expect(await requestChunk(c, 'sw', 1, 0, '')).toEqual(SOFTWARE);
    await c.end();
    const again = await connectDevice(broker, 'tcp', 4, { username: d.token });
    expect(await requestChunk(again, 'fw', 1, 0, '')).toEqual(FIRMWARE);
    await again.end();
  });

  it('the first request of a reqId fixes its package; a new reqId gets the newly assigned one', async () => {
    const d = await deviceWithPackages('fixed');
    const c = await connectDevice(broker, 'tcp', 5, { username: d.token });
    expect(await requestChunk(c, 'fw', 7, 0, '10')).toEqual(FIRMWARE.subarray(0, 10));
    const next = testBytes(500, 5);
    await broker.hub.ota.assign((await upload(broker, next)).id, { deviceId: d.id });
    expect(await requestChunk(c, 'fw', 7, 1, '')).toEqual(FIRMWARE.subarray(10, 20));
    expect(await requestChunk(c, 'fw', 8, 0, '')).toEqual(next);
    await c.end();
  });

  it('chunks arrive without a subscription (QoS 1), through a refused v2/fw/response/+ filter, and at the granted QoS 0', async () => {
    const d = await deviceWithPackages('subs');
    for (const version of [4, 5] as const) {
      const plain = await connectDevice(broker, 'tcp', version, { username: d.token });
      expect((await plain.subscribe({ 'v2/fw/response/+': { qos: 1 } }))[0]).toBe(
        version === 5 ? 0x8f : 0x80,
      );
      await plain.publish(requestTopic('fw', 1, 0), '500');
      const chunk = await plain.message('v2/fw/response/1/chunk/0');
      expect(chunk.qos).toBe(1);
      expect(chunk.payload).toEqual(FIRMWARE.subarray(0, 500));
      await plain.end();
    }
    const qos0 = await connectDevice(broker, 'ws', 4, { username: d.token });
    expect(await qos0.subscribe({ 'v2/fw/response/+/chunk/+': { qos: 0 } })).toEqual([0]);
    await qos0.publish(requestTopic('fw', 4, 0), '');
    const whole = await qos0.message('v2/fw/response/4/chunk/0');
    expect(whole.qos).toBe(0);
    expect(whole.payload).toEqual(FIRMWARE);
    await qos0.end();
  });

  it('a URL package → FAILURE on the error topic and close; sendAckOnValidationException acks a bad size', async () => {
    const d = await newDevice(broker, 'url');
    const pkg = await broker.hub.ota.upload({
      title: 'url-fw',
      version: '2',
      type: 'FIRMWARE',
      url: 'https://example.com/fw.bin',
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
    for (const version of [4, 5] as const) {
      const c = await connectDevice(broker, 'tcp', version, { username: d.token });
      await expectOtaError(c, requestTopic('fw', 1, 0), '', 'v2/fw/error', 'FAILURE');
    }
    const lenient = await newDevice(broker, 'lenient', 'lenient');
    const c = await connectDevice(broker, 'tcp', 4, { username: lenient.token });
    expect(await outcomeOf(c.publish(requestTopic('fw', 1, 0), ' 12'))).toBe('acked');
    expect(c.isClosed()).toBe(false);
    await c.end();
  });

  it.each(['tcp', 'ws'] as const)(
    'over %s, an error right behind a pipelined 2 MiB chunk still reaches the device',
    async (transport) => {
      const d = await newDevice(broker, `pipelined-${transport}`);
      const image = testBytes(2 * 1024 * 1024, 4);
      await broker.hub.ota.assign((await upload(broker, image)).id, { deviceId: d.id });
      const c = await connectDevice(broker, transport, 4, { username: d.token });
      void c.publish(requestTopic('fw', 1, 0), '').catch(() => undefined);
      void c.publish(requestTopic('fw', 2, 0), '70000').catch(() => undefined);
      await c.closed;
      expect(c.messages.find((m) => m.topic === 'v2/fw/error')?.text).toBe('PAYLOAD_TOO_LARGE');
      expect(
        c.messages.find((m) => m.topic === 'v2/fw/response/1/chunk/0')?.payload.equals(image),
      ).toBe(true);
    },
  );

  it('a negative chunk index and a non-integer reqId are invalid payloads', async () => {
    const d = await deviceWithPackages('negative');
    for (const topic of ['v2/fw/request/1/chunk/-1', 'v2/fw/request/x/chunk/0']) {
      const c = await connectDevice(broker, 'tcp', 4, { username: d.token });
      expect(await outcomeOf(c.publish(topic, '10'))).toBe('closed');
      await c.closed;
    }
    expect(broker.hub.events.list({ deviceId: d.id, kinds: ['invalid_payload'] })).toHaveLength(2);
  });
});
