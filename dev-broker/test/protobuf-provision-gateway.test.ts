import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { PROTO_CONFIG, pb, unpb } from './support/proto-fixtures.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    config: { ...PROTO_CONFIG, settings: { provision: { closeDelayMs: 300 } } },
  });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
const keys = { provisionDeviceKey: 'pk-fleet', provisionDeviceSecret: 'ps-fleet' };

async function provision(
  request: object,
): Promise<{ c: TestClient; reply: Record<string, unknown> }> {
  const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
  await c.publish('/provision', pb('transport.ProvisionDeviceRequestMsg', request));
  return {
    c,
    reply: unpb(
      'transport.ProvisionDeviceResponseMsg',
      (await c.message('/provision/response')).payload,
    ),
  };
}

describe('provisioning in Protobuf (spec §10)', () => {
  it('ACCESS_TOKEN: a ProvisionDeviceRequestMsg creates the device; the token connects', async () => {
    const { c, reply } = await provision({
      deviceName: 'pb-sensor-1',
      provisionDeviceCredentialsMsg: keys,
    });
    expect(reply).toEqual({
      status: 'SUCCESS',
      credentialsType: 'ACCESS_TOKEN',
      credentialsValue: expect.stringMatching(/^[A-Za-z0-9]{20}$/) as unknown,
    });
    expect(broker.hub.profiles.get(broker.hub.devices.get('pb-sensor-1').profileId).name).toBe(
      'fleet',
    );
    const d = await connectDevice(broker, 'tcp', 4, { username: reply.credentialsValue as string });
    await d.end();
    await c.closed; // provision.closeDelayMs
  });

  it('MQTT_BASIC: credentials from validateBasicMqttCredRequestMsg, returned as JSON text', async () => {
    const { reply } = await provision({
      deviceName: 'pb-sensor-2',
      credentialsType: 'MQTT_BASIC',
      provisionDeviceCredentialsMsg: keys,
      credentialsDataProto: {
        validateBasicMqttCredRequestMsg: { clientId: 'pbc2', userName: 'pbu2', password: 'pbp2' },
      },
    });
    expect(reply).toMatchObject({ status: 'SUCCESS', credentialsType: 'MQTT_BASIC' });
    expect(JSON.parse(reply.credentialsValue as string)).toEqual({
      clientId: 'pbc2',
      userName: 'pbu2',
      password: 'pbp2',
    });
    const d = await connectDevice(broker, 'tcp', 4, {
      clientId: 'pbc2',
      username: 'pbu2',
      password: 'pbp2',
    });
    await d.end();
  });

  it('gateway = 5: the new device is a gateway (spec §2.3)', async () => {
    const { reply } = await provision({
      deviceName: 'pb-gateway-1',
      provisionDeviceCredentialsMsg: keys,
      gateway: true,
    });
    expect(reply).toMatchObject({ status: 'SUCCESS' });
    expect(broker.hub.devices.get('pb-gateway-1').gateway).toBe(true);
    await provision({ deviceName: 'pb-plain-1', provisionDeviceCredentialsMsg: keys });
    expect(broker.hub.devices.get('pb-plain-1').gateway).toBe(false);
  });

  it('NOT_FOUND and FAILURE carry the status only; a JSON request still gets JSON', async () => {
    expect(
      (
        await provision({
          deviceName: 'x',
          provisionDeviceCredentialsMsg: { ...keys, provisionDeviceSecret: 'wrong' },
        })
      ).reply,
    ).toMatchObject({ status: 'NOT_FOUND', credentialsValue: '' });
    expect(
      (await provision({ deviceName: 'thermo-1', provisionDeviceCredentialsMsg: keys })).reply,
    ).toMatchObject({ status: 'FAILURE' });
    const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    await c.publish('/provision/request', JSON.stringify({ deviceName: 'thermo-1', ...keys }));
    expect(JSON.parse((await c.message('/provision/response')).text)).toEqual({
      status: 'FAILURE',
      errorMsg: 'Failed to provision device!',
    });
  });

  it('bytes that are neither a JSON object nor a ProvisionDeviceRequestMsg are invalid: no PUBACK, closed', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    await expect(c.publish('/provision', Buffer.from([0x0a, 0x09, 0x01]))).rejects.toThrow(
      /closed before PUBACK/,
    );
  });
});

describe.each(MATRIX)(
  'a gateway in a PROTOBUF profile over %s, MQTT v%i (spec §12)',
  (transport, version) => {
    let gw: TestClient;
    const A = `PB A ${transport}${String(version)}`;
    const B = `PB B ${transport}${String(version)}`;
    beforeAll(async () => {
      gw = await connectDevice(broker, transport, version, { username: 'PGW1' });
    });
    afterAll(async () => {
      await gw.end();
    });

    it('ConnectMsg and GatewayTelemetryMsg create and feed the sub-devices', async () => {
      await gw.publish(
        'v1/gateway/connect',
        pb('transportapi.ConnectMsg', { deviceName: A, deviceType: 'thermometer' }),
      );
      expect(broker.hub.profiles.get(broker.hub.devices.get(A).profileId).name).toBe('thermometer');
      const point = (key: string, value: number) => ({
        tsKvList: [{ ts: 1000, kv: [{ key, type: 'LONG_V', long_v: value }] }],
      });
      await gw.publish(
        'v1/gateway/telemetry',
        pb('transportapi.GatewayTelemetryMsg', {
          msg: [
            { deviceName: A, msg: point('temp', 20) },
            { deviceName: B, msg: point('hum', 40) },
          ],
        }),
      );
      expect(broker.hub.telemetry.latest(idOf(A), ['temp'])[0]).toMatchObject({
        ts: 1000,
        value: { type: 'LONG', value: 20n },
      });
      expect(broker.hub.telemetry.latest(idOf(B), ['hum'])[0]?.value).toEqual({
        type: 'LONG',
        value: 40n,
      });
      await gw.publish(
        'v1/gateway/attributes',
        pb('transportapi.GatewayAttributesMsg', {
          msg: [{ deviceName: A, msg: { kv: [{ key: 'fw', type: 'STRING_V', string_v: 'v1' }] } }],
        }),
      );
      expect(broker.hub.attributes.get(idOf(A), 'CLIENT', ['fw'])[0]?.value).toEqual({
        type: 'STRING',
        value: 'v1',
      });
    });

    it('GatewayAttributesRequestMsg → GatewayAttributeResponseMsg; shared pushes as GatewayAttributeUpdateNotificationMsg', async () => {
      await broker.hub.attributes.save(
        idOf(A),
        'SHARED',
        broker.hub.attributes.toEntries({ targetTemp: 22, mode: 'eco' }),
      );
      expect(
        unpb(
          'transportapi.GatewayAttributeUpdateNotificationMsg',
          (await gw.message('v1/gateway/attributes')).payload,
        ),
      ).toMatchObject({
        deviceName: A,
        notificationMsg: {
          sharedUpdated: [
            { kv: { key: 'targetTemp', long_v: '22' } },
            { kv: { key: 'mode', string_v: 'eco' } },
          ],
        },
      });
      await gw.publish(
        'v1/gateway/attributes/request',
        pb('transportapi.GatewayAttributesRequestMsg', {
          id: 2,
          deviceName: A,
          client: false,
          keys: ['targetTemp', 'none'],
        }),
      );
      expect(
        unpb(
          'transportapi.GatewayAttributeResponseMsg',
          (await gw.message('v1/gateway/attributes/response')).payload,
        ),
      ).toMatchObject({
        deviceName: A,
        responseMsg: {
          requestId: 2,
          isMultipleAttributesRequest: true,
          clientAttributeList: [],
          sharedAttributeList: [{ kv: { key: 'targetTemp', long_v: '22' } }],
        },
      });
    });

    it('a server-side RPC to a sub-device is a GatewayDeviceRpcRequestMsg; GatewayRpcResponseMsg answers it', async () => {
      const call = broker.hub.rpc.send({
        deviceId: idOf(A),
        method: 'toggle_gpio',
        params: { pin: 1 },
      });
      const request = unpb(
        'transportapi.GatewayDeviceRpcRequestMsg',
        (await gw.message('v1/gateway/rpc')).payload,
      ) as {
        deviceName: string;
        rpcRequestMsg: {
          requestId: number;
          methodName: string;
          params: string;
          oneway: boolean;
          persisted: boolean;
        };
      };
      expect(request).toMatchObject({
        deviceName: A,
        rpcRequestMsg: {
          methodName: 'toggle_gpio',
          params: '{"pin":1}',
          oneway: false,
          persisted: false,
        },
      });
      // spec §2.3: every RPC carries its UUID, a non-persistent one too (the reference never sends 0)
      const ids = request.rpcRequestMsg as unknown as {
        requestIdMSB: string;
        requestIdLSB: string;
      };
      expect(ids.requestIdMSB).not.toBe('0');
      expect(ids.requestIdLSB).not.toBe('0');
      await gw.publish(
        'v1/gateway/rpc',
        pb('transportapi.GatewayRpcResponseMsg', {
          deviceName: A,
          id: request.rpcRequestMsg.requestId,
          data: '{"success":true}',
        }),
      );
      expect(await call).toEqual({
        kind: 'reply',
        reply: { json: true, value: { success: true } },
      });
    });

    it('a persistent RPC to a sub-device carries its rpcId as requestIdMSB/LSB', async () => {
      const sent = await broker.hub.rpc.send({
        deviceId: idOf(A),
        method: 'reboot',
        oneway: true,
        persistent: true,
      });
      const request = unpb(
        'transportapi.GatewayDeviceRpcRequestMsg',
        (await gw.message('v1/gateway/rpc')).payload,
      ) as { rpcRequestMsg: { requestIdMSB: string; requestIdLSB: string; persisted: boolean } };
      const hex = (v: string) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
      const { requestIdMSB, requestIdLSB, persisted } = request.rpcRequestMsg;
      expect(persisted).toBe(true);
      expect(sent).toMatchObject({ kind: 'persistent' });
      const rpcId = (sent as { rpcId: string }).rpcId.replace(/-/g, '');
      expect(hex(requestIdMSB) + hex(requestIdLSB)).toBe(rpcId);
    });

    it('AttributesMsg with shared = true is saved in SHARED scope, without it in CLIENT scope', async () => {
      await gw.publish(
        'v1/gateway/attributes',
        pb('transportapi.GatewayAttributesMsg', {
          msg: [
            {
              deviceName: A,
              msg: { shared: true, kv: [{ key: 'sh', type: 'LONG_V', long_v: 1 }] },
            },
            { deviceName: A, msg: { kv: [{ key: 'cl', type: 'LONG_V', long_v: 2 }] } },
          ],
        }),
      );
      expect(broker.hub.attributes.get(idOf(A), 'SHARED', ['sh', 'cl']).map((a) => a.key)).toEqual([
        'sh',
      ]);
      expect(broker.hub.attributes.get(idOf(A), 'CLIENT', ['sh', 'cl']).map((a) => a.key)).toEqual([
        'cl',
      ]);
    });

    it('a sub-device that cannot be created: MQTT 5 gets GatewayDisconnectDeviceMsg on v1/gateway/disconnect', async () => {
      const name = `PB broken ${transport}${String(version)}`;
      await gw.publish(
        'v1/gateway/connect',
        pb('transportapi.ConnectMsg', { deviceName: name, deviceType: ' ' }), // no such profile can exist
      );
      if (version === 5) {
        expect(
          unpb(
            'transport.GatewayDisconnectDeviceMsg',
            (await gw.message('v1/gateway/disconnect')).payload,
          ),
        ).toEqual({ deviceName: name, reasonCode: 0x80 });
      } else {
        await new Promise((r) => setTimeout(r, 100));
        expect(gw.messages.some((m) => m.topic === 'v1/gateway/disconnect')).toBe(false);
      }
      expect(gw.isClosed()).toBe(false);
    });

    it('GatewayClaimMsg registers a claim; DisconnectMsg stops the pushes', async () => {
      await gw.publish(
        'v1/gateway/claim',
        pb('transportapi.GatewayClaimMsg', {
          msg: [{ deviceName: B, claimRequest: { secretKey: 'abc', durationMs: 60000 } }],
        }),
      );
      expect(broker.hub.claims.registration(B)?.secretKey).toBe('abc');
      await gw.publish(
        'v1/gateway/disconnect',
        pb('transportapi.DisconnectMsg', { deviceName: A }),
      );
      await eventually(() => expect(broker.hub.sessions.gatewayFor(idOf(A))).toBeUndefined());
    });
  },
);

describe('the MQTT 5 gateway disconnect notice in JSON (spec §12)', () => {
  it('a JSON gateway gets {"device","reason"} on v1/gateway/disconnect when a sub-device cannot be created', async () => {
    const gw = await connectDevice(broker, 'tcp', 5, { username: 'GW1' });
    await gw.publish('v1/gateway/connect', JSON.stringify({ device: 'json broken', type: ' ' }));
    expect(JSON.parse((await gw.message('v1/gateway/disconnect')).text)).toEqual({
      device: 'json broken',
      reason: 0x80,
    });
    expect(
      broker.hub.events.list({ deviceId: idOf('gw-1'), kinds: ['dropped'] })[0]?.message,
    ).toMatch(/sub-device "json broken" could not be created/);
    await gw.end();
  });
});
