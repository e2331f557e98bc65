import type { IPubackPacket } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBridgePair, type BridgePair } from './support/bridge-pair.ts';
import { MATRIX, connectDevice, rawConnect } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { newDevice, outcomeOf, requestChunk, testBytes, upload } from './support/ota-fixtures.ts';
import { eventually } from './support/test-broker.ts';

// ADR 0008: the whole device API through a bridge, against a second dev broker as the upstream hub.
let pair: BridgePair;
let operator: OperatorTestClient;
beforeAll(async () => {
  pair = await startBridgePair();
  operator = await connectOperator(pair.upstream);
});
afterAll(async () => {
  await operator.end();
  await pair.close();
});

/** Nothing about bridged sessions may reach the bridge's own platform. */
function expectNothingLocal(): void {
  expect(pair.bridge.hub.devices.list().total).toBe(0);
  expect(pair.bridge.hub.events.list({})).toEqual([]);
}

describe.each(MATRIX)(
  'the device API through the bridge over %s, MQTT v%i',
  (transport, version) => {
    const tag = `${transport}${String(version)}`;

    it('telemetry is stored upstream and its PUBACK (with the v5 reason code) is the upstream’s', async () => {
      const d = await newDevice(pair.upstream, `tel-${tag}`);
      const c = await connectDevice(pair.bridge, transport, version, { username: d.token });
      const ack = (await c.publish('v1/devices/me/telemetry', '{"temperature":21.5}')) as
        IPubackPacket | undefined;
      expect(ack?.cmd).toBe('puback');
      expect(pair.upstream.hub.telemetry.latest(d.id, ['temperature'])[0]?.value).toEqual({
        type: 'DOUBLE',
        value: 21.5,
      });
      if (version === 5) {
        // spec §4: on MQTT 5 the upstream answers a payload it cannot parse with PUBACK 0x99
        await expect(outcomeOf(c.publish('v1/devices/me/telemetry', '{"broken":'))).resolves.toBe(
          0x99,
        );
      }
      expectNothingLocal();
      await c.end();
    });

    it('attributes: client attributes and a request/response, then a shared push from the upstream operator', async () => {
      const d = await newDevice(pair.upstream, `attr-${tag}`);
      await operator.ok('attributes.save', {
        deviceName: d.name,
        scope: 'SHARED',
        values: { targetTemp: 20 },
      });
      const c = await connectDevice(pair.bridge, transport, version, { username: d.token });
      await c.publish('v1/devices/me/attributes', '{"fw":"v1.0"}');
      expect(
        await c.subscribe({
          'v1/devices/me/attributes': { qos: 1 },
          'v1/devices/me/attributes/response/+': { qos: 1 },
        }),
      ).toEqual([1, 1]);
      await c.publish(
        'v1/devices/me/attributes/request/7',
        '{"clientKeys":"fw","sharedKeys":"targetTemp"}',
      );
      expect(JSON.parse((await c.message('v1/devices/me/attributes/response/7')).text)).toEqual({
        client: { fw: 'v1.0' },
        shared: { targetTemp: 20 },
      });
      await operator.ok('attributes.save', {
        deviceName: d.name,
        scope: 'SHARED',
        values: { targetTemp: 23 },
      });
      expect(JSON.parse((await c.message('v1/devices/me/attributes')).text)).toEqual({
        targetTemp: 23,
      });
      expectNothingLocal();
      await c.end();
    });

    it('server-side RPC from the upstream operator is answered by the bridged device; client-side RPC too', async () => {
      const d = await newDevice(pair.upstream, `rpc-${tag}`);
      const c = await connectDevice(pair.bridge, transport, version, { username: d.token });
      expect(await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } })).toEqual([1]);
      const call = operator.ok('rpc.send', {
        deviceName: d.name,
        method: 'getState',
        params: { verbose: true },
      });
      const request = await c.message('v1/devices/me/rpc/request/0');
      expect(JSON.parse(request.text)).toEqual({ method: 'getState', params: { verbose: true } });
      await c.publish('v1/devices/me/rpc/response/0', '{"state":"on"}');
      expect(await call).toEqual({ kind: 'reply', json: true, response: { state: 'on' } });

      // client-side RPC (spec §8): answered by the upstream without a subscription
      await c.publish('v1/devices/me/rpc/request/5', '{"method":"getTime","params":{}}');
      const reply = JSON.parse((await c.message('v1/devices/me/rpc/response/5')).text) as {
        ts: number;
      };
      expect(Math.abs(reply.ts - Date.now())).toBeLessThan(60_000);
      await c.end();
    });

    it('claiming registers the secret upstream', async () => {
      const d = await newDevice(pair.upstream, `claim-${tag}`);
      const c = await connectDevice(pair.bridge, transport, version, { username: d.token });
      await c.publish('v1/devices/me/claim', '{"secretKey":"abc","durationMs":60000}');
      expect(pair.upstream.hub.claims.registration(d.name)).toMatchObject({ secretKey: 'abc' });
      await expect(pair.upstream.hub.claims.claim(d.name, 'abc', `C ${tag}`)).resolves.toBe(
        'SUCCESS',
      );
      await c.end();
    });

    it('provisioning creates the device upstream, which then connects through the bridge', async () => {
      const name = `prov-${tag}`;
      const p = await connectDevice(pair.bridge, transport, version, { username: 'provision' });
      await p.publish(
        '/provision/request',
        JSON.stringify({
          deviceName: name,
          provisionDeviceKey: 'pk-fleet',
          provisionDeviceSecret: 'ps-fleet',
        }),
      );
      const reply = JSON.parse((await p.message('/provision/response')).text) as {
        status: string;
        credentialsValue: string;
      };
      expect(reply.status).toBe('SUCCESS');
      await p.end();
      const device = pair.upstream.hub.devices.get(name);
      const c = await connectDevice(pair.bridge, transport, version, {
        username: reply.credentialsValue,
      });
      await c.publish('v1/devices/me/telemetry', '{"ok":1}');
      expect(pair.upstream.hub.telemetry.latest(device.id, ['ok'])).toHaveLength(1);
      expectNothingLocal();
      await c.end();
    });

    it('firmware: fw_* attributes pushed by the upstream and its chunks', async () => {
      const d = await newDevice(pair.upstream, `fw-${tag}`);
      const image = testBytes(2500, 7);
      const c = await connectDevice(pair.bridge, transport, version, { username: d.token });
      await c.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
      const pkg = await upload(pair.upstream, image);
      await pair.upstream.hub.ota.assign(pkg.id, { deviceId: d.id });
      const info = JSON.parse((await c.message('v1/devices/me/attributes')).text) as Record<
        string,
        unknown
      >;
      expect(info.fw_size).toBe(image.length);
      const parts: Buffer[] = [];
      for (let n = 0; n < 3; n++) parts.push(await requestChunk(c, 'fw', 1, n, '1024'));
      expect(Buffer.concat(parts).equals(image)).toBe(true);
      await c.end();
    });

    it('refused credentials give the upstream’s CONNACK code', async () => {
      const { client, result, connack } = rawConnect(pair.bridge, transport, version, {
        username: 'no-such-token',
      });
      const error = await result;
      client.end(true);
      expect(error?.code).toBe(version === 5 ? 0x86 : 5);
      const packet = connack() as { returnCode?: number; reasonCode?: number } | undefined;
      expect(version === 5 ? packet?.reasonCode : packet?.returnCode).toBe(
        version === 5 ? 0x86 : 5,
      );
      await eventually(() => {
        expect(pair.logs.some((l) => l.includes('refused the connection: CONNACK'))).toBe(true);
      });
    });
  },
);

describe('the operator side stays local', () => {
  it('an operator login on the bridge is served by the bridge’s own platform, which lists no bridged device', async () => {
    const d = await newDevice(pair.upstream, 'local-op');
    const c = await connectDevice(pair.bridge, 'ws', 4, { username: d.token });
    const local = await connectOperator(pair.bridge, 'ws');
    expect((await local.ok('devices.list', {})).total).toBe(0);
    expect((await operator.ok('devices.get', { deviceName: d.name })).online).toBe(true);
    await local.end();
    await c.end();
  });
});
