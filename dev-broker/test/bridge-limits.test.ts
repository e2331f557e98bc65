import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { createWebSocketStream } from 'ws';

import { rawPeer, type RawPeer } from './support/raw-mqtt.ts';
import { ScriptedBridges } from './support/scripted-bridge.ts';
import { eventually, sleep } from './support/test-broker.ts';

// ADR 0008: keep-alive per side, and back-pressure both ways.
const started = new ScriptedBridges();
afterEach(() => started.closeAll());

/** A device connected through a bridge to a scripted hub, with `keepalive` seconds. */
async function session(version: 4 | 5, keepalive: number) {
  const s = await started.session({
    cmd: 'connect',
    protocolVersion: version,
    clientId: 'ka',
    keepalive,
    clean: true,
  });
  return { ...s, logs: s.bridge.logs };
}

describe('keep-alive per side', () => {
  it('the bridge answers the device’s PINGREQ itself and pings the idle hub on its own', async () => {
    const { device, up } = await session(4, 2);
    device.send({ cmd: 'pingreq' });
    await device.next('pingresp', 500);
    expect(up.packets.map((p) => p.cmd)).toEqual(['connect']);
    await up.next('pingreq', 3000); // the bridge's own, after a quiet half period or so
    up.send({ cmd: 'pingresp' });
    await new Promise((r) => setTimeout(r, 200));
    expect(device.packets.map((p) => p.cmd)).toEqual(['connack', 'pingresp']);
  });

  it('a silent device is closed after 1.5 × keep-alive (v5: DISCONNECT 0x8D), and so is its upstream', async () => {
    const { device, up, logs } = await session(5, 1);
    const disconnect = await device.next('disconnect', 3000);
    expect((disconnect as { reasonCode?: number }).reasonCode).toBe(0x8d);
    await device.closed;
    await up.closed;
    expect(logs.some((l) => l.includes('keep-alive timeout on the device side'))).toBe(true);
  });

  it('a hub that does not answer the bridge’s PINGREQ ends the session on both sides', async () => {
    const { device, up, logs } = await session(4, 1);
    const pinger = setInterval(() => device.send({ cmd: 'pingreq' }), 300);
    try {
      await up.next('pingreq', 3000);
      await device.closed; // the hub stays silent
      await up.closed;
    } finally {
      clearInterval(pinger);
    }
    expect(logs.some((l) => l.includes('keep-alive timeout on the hub side'))).toBe(true);
  });
});

const PAYLOAD = Buffer.alloc(64 * 1024, 0x61);
const MESSAGES = 400; // 25.6 MiB, more than the loopback socket buffers hold
const BOUND = 1024 * 1024;

/** Writes MESSAGES QoS 0 PUBLISHes without waiting for the socket. */
function flood(peer: RawPeer): void {
  for (let i = 0; i < MESSAGES; i++)
    peer.send({
      cmd: 'publish',
      topic: 'v1/devices/me/telemetry',
      payload: PAYLOAD,
      qos: 0,
      dup: false,
      retain: false,
    });
}

const publishes = (peer: RawPeer) => peer.packets.filter((p) => p.cmd === 'publish').length;

describe('back-pressure', () => {
  it('a hub that stops reading pauses the device’s reading; the bridge holds little; nothing is lost', async () => {
    const { device, up, bridged } = await session(4, 0);
    up.socket.pause();
    flood(device);
    await eventually(() => {
      expect(bridged.buffers().devicePauses).toBeGreaterThan(0);
      // the rest waits in the device's own socket: the bridge stopped reading it
      expect(device.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
    }, 10_000);
    await sleep(500); // steady state: still held back by the device's socket, not by the bridge
    expect(device.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
    expect(bridged.buffers().toHub).toBeLessThan(BOUND);
    up.socket.resume();
    await eventually(() => {
      expect(publishes(up)).toBe(MESSAGES);
    }, 20_000);
  });

  it('a device that stops reading (WebSocket) pauses the hub’s socket; the bridge holds little; nothing is lost', async () => {
    const hub = await started.hub();
    const b = await started.bridge({ url: hub.url });
    const ws = new WebSocket(b.bridge.wsUrl, 'mqtt');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const stream = createWebSocketStream(ws);
    const device = rawPeer(stream, 4);
    device.send({
      cmd: 'connect',
      protocolVersion: 4,
      clientId: 'ws-bp',
      keepalive: 0,
      clean: true,
    });
    const up = await hub.accept(4);
    await up.next('connect');
    up.send({ cmd: 'connack', sessionPresent: false, returnCode: 0 });
    await device.next('connack');
    const bridged = b.bridge.bridge?.sessions()[0];
    if (!bridged) throw new Error('no bridged session');
    ws.pause(); // stop reading the socket
    flood(up);
    await eventually(() => {
      expect(bridged.buffers().hubPauses).toBeGreaterThan(0);
      expect(up.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
    }, 10_000);
    await sleep(500); // steady state: still held back by the hub's socket, not by the bridge
    expect(up.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
    expect(bridged.buffers().toDevice).toBeLessThan(BOUND);
    ws.resume();
    await eventually(() => {
      expect(publishes(device)).toBe(MESSAGES);
    }, 20_000);
    ws.close();
  });
});
