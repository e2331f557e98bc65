import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RpcEvent, TelemetryEvent } from '../../src/protocol/operator-events.ts';
import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

// Everything below goes through the operator API and a device's MQTT connection only: no hub calls.
describe.each(MATRIX)(
  'end to end through the operator API over %s, MQTT v%i',
  (transport, version) => {
    const name = `e2e-${transport}-${String(version)}`;

    it('create → connect and publish → latest and event → shared push → two-way RPC answered', async () => {
      const op = await connectOperator(broker, transport, version);
      const { device, credentials } = await op.ok('devices.create', { name });
      if (credentials.type !== 'ACCESS_TOKEN') throw new Error('expected a generated token');
      expect(await op.subscribe({ [`operator/v1/events/${device.id}/+`]: { qos: 1 } })).toEqual([
        1,
      ]);

      const d = await connectDevice(broker, transport, version, { username: credentials.token });
      await d.subscribe({
        'v1/devices/me/attributes': { qos: 1 },
        'v1/devices/me/rpc/request/+': { qos: 1 },
      });
      await d.publish('v1/devices/me/telemetry', '{"temperature":22.5,"humidity":40}');

      const latest = await op.ok('telemetry.latest', { deviceId: device.id });
      expect(Object.fromEntries(latest.map((p) => [p.key, p.value]))).toEqual({
        temperature: 22.5,
        humidity: 40,
      });
      const event = JSON.parse(
        (await op.message(`operator/v1/events/${device.id}/telemetry`)).text,
      ) as TelemetryEvent;
      expect(event.points.map((p) => [p.key, p.type, p.value])).toEqual([
        ['temperature', 'DOUBLE', 22.5],
        ['humidity', 'LONG', 40],
      ]);
      expect((await op.ok('devices.get', { deviceName: name })).online).toBe(true);

      await op.ok('attributes.save', {
        deviceName: name,
        scope: 'SHARED',
        values: { targetTemp: 21 },
      });
      expect(JSON.parse((await d.message('v1/devices/me/attributes')).text)).toEqual({
        targetTemp: 21,
      });

      const call = op.ok('rpc.send', {
        deviceName: name,
        method: 'setMode',
        params: { mode: 'eco' },
        timeout: 10_000,
      });
      const request = await d.message('v1/devices/me/rpc/request/0');
      expect(JSON.parse(request.text)).toEqual({ method: 'setMode', params: { mode: 'eco' } });
      await d.publish('v1/devices/me/rpc/response/0', '{"mode":"eco","ok":true}');
      expect(await call).toEqual({
        kind: 'reply',
        json: true,
        response: { mode: 'eco', ok: true },
      });

      await d.end();
      await op.end();
    });

    it('persistent RPC to an offline device: QUEUED → device connects and subscribes → events reach SUCCESSFUL', async () => {
      const op = await connectOperator(broker, transport, version);
      const { device, credentials } = await op.ok('devices.create', { name: `${name}-p` });
      if (credentials.type !== 'ACCESS_TOKEN') throw new Error('expected a generated token');
      await op.subscribe({ [`operator/v1/events/${device.id}/rpc`]: { qos: 1 } });
      const sent = await op.ok('rpc.send', {
        deviceId: device.id,
        method: 'reboot',
        params: { delay: 1 },
        persistent: true,
        timeout: 60_000,
      });
      if (sent.kind !== 'persistent') throw new Error('expected a persistent rpc');
      expect(sent.status).toBe('QUEUED');

      const d = await connectDevice(broker, transport, version, { username: credentials.token });
      await d.subscribe({ 'v2/r/req/+': { qos: 1 } });
      const request = await d.message('v2/r/req/0');
      expect(JSON.parse(request.text)).toEqual({ method: 'reboot', params: { delay: 1 } });

      const statuses: string[] = [];
      const next = async () => {
        const e = JSON.parse(
          (await op.message(`operator/v1/events/${device.id}/rpc`)).text,
        ) as RpcEvent;
        expect(e.rpcId).toBe(sent.rpcId);
        statuses.push(e.status);
        return e;
      };
      await next(); // SENT
      await next(); // DELIVERED: the device's PUBACK arrived
      await d.publish('v2/r/res/0', '{"rebooted":true}');
      expect(await next()).toMatchObject({
        status: 'SUCCESSFUL',
        json: true,
        response: { rebooted: true },
      });
      expect(statuses).toEqual(['SENT', 'DELIVERED', 'SUCCESSFUL']);
      expect(await op.ok('rpc.get', { rpcId: sent.rpcId })).toMatchObject({
        status: 'SUCCESSFUL',
        response: { rebooted: true },
        attempts: 1,
      });
      await d.end();
      await op.end();
    });
  },
);
