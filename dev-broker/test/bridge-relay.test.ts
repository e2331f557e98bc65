import type mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';

import { rawConnect, type Transport, type Version } from './support/mqtt-client.ts';
import { closedPort, rawClient, type RawPeer } from './support/raw-mqtt.ts';
import { ScriptedBridges } from './support/scripted-bridge.ts';
import { eventually } from './support/test-broker.ts';

// ADR 0008: what the bridge relays unchanged, what it answers itself, and how both sides close.
const started = new ScriptedBridges();
afterEach(() => started.closeAll());

const V5_CONNECT: mqttPacket.IConnectPacket = {
  cmd: 'connect',
  protocolVersion: 5,
  clientId: 'dev-1',
  username: 'tok-1',
  password: Buffer.from('pw'),
  keepalive: 30,
  clean: false,
  properties: {
    sessionExpiryInterval: 300,
    receiveMaximum: 10,
    maximumPacketSize: 100_000,
    userProperties: { app: 'console', build: '7' },
  },
  will: { topic: 'will/t', payload: Buffer.from('bye'), qos: 1, retain: false },
};

/** The bytes `peer` received after `from`, once `cmd` arrived. */
async function tail(peer: RawPeer, from: number, cmd: mqttPacket.Packet['cmd']) {
  await peer.next(cmd);
  return peer.received().subarray(from);
}

describe('relay (MQTT 5, raw sockets both sides)', () => {
  it('CONNECT with its v5 properties and will reaches the hub byte for byte; the hub’s CONNACK, SUBACK, PUBACK and packet ids reach the device unchanged', async () => {
    const hub = await started.hub();
    const b = await started.bridge({ url: hub.url });
    const device = await rawClient(b.bridge.mqttPort, 5);
    const connect = device.send(V5_CONNECT);
    const up = await hub.accept(5);
    await up.next('connect');
    expect(up.received().equals(connect)).toBe(true);

    const connack = up.send({
      cmd: 'connack',
      sessionPresent: true,
      reasonCode: 0,
      properties: {
        assignedClientIdentifier: 'hub-42',
        serverKeepAlive: 60,
        userProperties: { region: 'eu' },
      },
    });
    expect((await tail(device, 0, 'connack')).equals(connack)).toBe(true);

    let mark = up.received().length;
    const subscribe = device.send({
      cmd: 'subscribe',
      messageId: 9,
      subscriptions: [
        { topic: 'v1/devices/me/attributes', qos: 1 },
        { topic: '#', qos: 1 },
      ],
    });
    expect((await tail(up, mark, 'subscribe')).equals(subscribe)).toBe(true);
    mark = device.received().length;
    const suback = up.send({ cmd: 'suback', messageId: 9, granted: [1, 0x8f] });
    expect((await tail(device, mark, 'suback')).equals(suback)).toBe(true);

    // device → hub: the device's packet id, and the hub's PUBACK with its reason code and string
    mark = up.received().length;
    const publish = device.send({
      cmd: 'publish',
      topic: 'v1/devices/me/telemetry',
      payload: Buffer.from('{"a":1}'),
      qos: 1,
      messageId: 4242,
      dup: false,
      retain: false,
      properties: { userProperties: { trace: 'x1' } },
    });
    expect((await tail(up, mark, 'publish')).equals(publish)).toBe(true);
    mark = device.received().length;
    const puback = up.send({
      cmd: 'puback',
      messageId: 4242,
      reasonCode: 0x99,
      properties: { reasonString: 'payload format invalid' },
    });
    expect((await tail(device, mark, 'puback')).equals(puback)).toBe(true);

    // hub → device: the hub's packet id comes back in the device's PUBACK
    const push = up.send({
      cmd: 'publish',
      topic: 'v1/devices/me/rpc/request/3',
      payload: Buffer.from('{"method":"x"}'),
      qos: 1,
      messageId: 777,
      dup: false,
      retain: false,
    });
    mark = device.received().length;
    expect((await tail(device, mark, 'publish')).equals(push)).toBe(true);
    device.send({ cmd: 'puback', messageId: 777, reasonCode: 0 });
    expect((await up.next('puback')).messageId).toBe(777);

    // the console finds its session by the client id it sent or the one the hub assigned
    for (const id of ['dev-1', 'hub-42']) {
      const info = (await (await fetch(`${b.bridge.httpUrl}/api/info?clientId=${id}`)).json()) as {
        session: { bridged: boolean };
      };
      expect(info.session.bridged).toBe(true);
    }
    device.socket.end();
  });

  it('a DISCONNECT from the hub reaches the device unchanged, and both sides close', async () => {
    const { device, up, bridge: b } = await started.session(V5_CONNECT);
    const mark = device.received().length;
    const disconnect = up.send({
      cmd: 'disconnect',
      reasonCode: 0x8e,
      properties: { reasonString: 'session taken over' },
    });
    expect((await tail(device, mark, 'disconnect')).equals(disconnect)).toBe(true);
    await device.closed;
    await up.closed;
    expect(b.logs.some((l) => l.includes('closed: the upstream sent DISCONNECT 0x8e'))).toBe(true);
  });
});

describe('both sides close together', () => {
  const connected = () =>
    started.session({
      cmd: 'connect',
      protocolVersion: 4,
      clientId: 'c1',
      keepalive: 60,
      clean: true,
    });

  it('the upstream connection dies → the device’s connection is closed', async () => {
    const { device, up, bridge } = await connected();
    up.socket.destroy();
    await device.closed;
    await eventually(() => {
      expect(bridge.bridge.bridge?.sessions()).toHaveLength(0);
    });
  });

  it('the device’s connection closes → the upstream connection is closed', async () => {
    const { device, up, bridge } = await connected();
    device.socket.destroy();
    await up.closed;
    expect(bridge.logs.some((l) => l.includes('c1 (tcp') && l.includes('closed'))).toBe(true);
  });
});

describe.each<[Transport, Version]>([
  ['tcp', 4],
  ['ws', 5],
])('when the bridge has no answer from the hub (%s, MQTT v%i)', (transport, version) => {
  const unavailable = version === 5 ? 0x88 : 3;

  it('an unreachable upstream: CONNACK 0x03 (v5 0x88) and the reason in the log', async () => {
    const b = await started.bridge({ url: `mqtt://127.0.0.1:${String(await closedPort())}` });
    const { client, result, connack } = rawConnect(b.bridge, transport, version, {
      username: 'tok',
    });
    expect((await result)?.code).toBe(unavailable);
    client.end(true);
    if (version === 5) {
      const packet = connack() as mqttPacket.IConnackPacket;
      expect(packet.properties?.reasonString).toMatch(/unreachable: .*ECONNREFUSED/);
    }
    expect(b.logs.some((l) => / WARN .*unreachable: .*ECONNREFUSED/.test(l))).toBe(true);
  });

  it('an upstream that never sends CONNACK: CONNACK 0x03 (v5 0x88) after the connect timeout', async () => {
    const hub = await started.hub();
    const b = await started.bridge({ url: hub.url, connectTimeoutMs: 300 });
    const { client, result } = rawConnect(b.bridge, transport, version, { username: 'tok' });
    const up = await hub.accept(version);
    expect((await result)?.code).toBe(unavailable);
    client.end(true);
    await up.closed;
    expect(b.logs.some((l) => l.includes('sent no CONNACK within 300 ms'))).toBe(true);
  });

  it('over the session cap: CONNACK 0x03 (v5 0x97) and a log line naming the flag', async () => {
    const hub = await started.hub();
    const b = await started.bridge({ url: hub.url, maxSessions: 1 });
    const first = rawConnect(b.bridge, transport, version, { username: 'a', clientId: 'first' });
    const up = await hub.accept(version);
    await up.next('connect');
    up.send(
      version === 5
        ? { cmd: 'connack', sessionPresent: false, reasonCode: 0 }
        : { cmd: 'connack', sessionPresent: false, returnCode: 0 },
    );
    expect(await first.result).toBeNull();
    const second = rawConnect(b.bridge, transport, version, { username: 'b', clientId: 'second' });
    expect((await second.result)?.code).toBe(version === 5 ? 0x97 : 3);
    expect(b.logs.some((l) => l.includes('raise --upstream-max-sessions'))).toBe(true);
    first.client.end(true);
    second.client.end(true);
  });
});
