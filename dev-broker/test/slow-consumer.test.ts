// A client that stops reading while it keeps sending requests (maxUnsentBytes): the broker stops
// reading it instead of holding its responses without bound, loses nothing when it reads again, and
// its keepalive ends it when it never does.
import { connect, type Socket } from 'node:net';

import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

const MIB = 1024 * 1024;
/** One client attribute of ~60 KB: every request for it is answered with ~60 KB. */
const BLOB = 'x'.repeat(60_000);
const REQUESTS = 400; // ~24 MB of responses: far over the 1 MiB limit

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { maxUnsentBytes: MIB } } });
  op = await connectOperator(broker);
  const device = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
  await device.publish('v1/devices/me/attributes', JSON.stringify({ blob: BLOB }));
  await device.end();
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

const bytes = (packet: mqttPacket.Packet): Buffer =>
  mqttPacket.generate(packet, { protocolVersion: 4 });

/** A raw 3.1.1 session of thermo-1 (token T1); resolves once the CONNACK arrived. */
async function rawDevice(keepalive: number): Promise<{ socket: Socket; parsed: () => number }> {
  const socket = connect(broker.mqttPort, '127.0.0.1');
  socket.on('error', () => undefined);
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let publishes = 0;
  let connack: () => void = () => undefined;
  const connacked = new Promise<void>((resolve) => (connack = resolve));
  parser.on('packet', (p: mqttPacket.Packet) => {
    if (p.cmd === 'connack') connack();
    if (p.cmd === 'publish') publishes++;
  });
  socket.on('data', (chunk: Buffer) => parser.parse(chunk));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    bytes({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId: `slow-${String(Math.random()).slice(2)}`,
      keepalive,
      username: 'T1',
    }),
  );
  await connacked;
  return { socket, parsed: () => publishes };
}

/**
 * Writes `count` attribute requests for the blob (ids from `first + 1`), in writes of 20 (each
 * answered with ~60 KB).
 */
async function requestBlobs(socket: Socket, count: number, first = 0): Promise<void> {
  for (let i = first; i < first + count; i += 20) {
    const batch = [];
    for (let j = i; j < Math.min(first + count, i + 20); j++)
      batch.push(
        bytes({
          cmd: 'publish',
          topic: `v1/devices/me/attributes/request/${String(j + 1)}`,
          payload: '{"clientKeys":"blob"}',
          qos: 0,
          retain: false,
          dup: false,
        }),
      );
    socket.write(Buffer.concat(batch));
    await new Promise((r) => setImmediate(r));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let infoCalls = 0;
/** PUBLISHes the broker wrote to clients, less its answers to these broker.info calls. */
async function sent(): Promise<number> {
  const { counters } = await op.ok('broker.info');
  return counters.messagesSent - infoCalls++;
}

describe('a client that does not read what the broker sends (maxUnsentBytes)', () => {
  it('is not read further once 1 MiB waits unsent, and gets every answer once it reads again', async () => {
    const { socket, parsed } = await rawDevice(0);
    socket.pause(); // stops reading: the kernel's buffers fill, then the broker's
    const before = await sent();
    // How much the kernel holds for a client that does not read depends on the machine (loopback
    // buffers grow up to net.ipv4.tcp_rmem's maximum, 32 MiB here): ask until nothing more is
    // answered. Broker and client share this event loop, so 300 ms without an answer is the broker
    // holding back, not a broker that did not get to run.
    let written = 0;
    let answered = 0;
    for (;;) {
      await requestBlobs(socket, 100, written);
      written += 100;
      answered = (await sent()) - before;
      await sleep(300);
      // blocked: requests wait unread and nothing more was answered
      if (answered < written && (await sent()) - before === answered) break;
      expect(written, 'the broker never stopped answering').toBeLessThan(5000);
    }
    expect(answered).toBeGreaterThan(0);
    // more requests while it is blocked: none of them is read, none answered
    await requestBlobs(socket, 100, written);
    written += 100;
    await sleep(500);
    expect((await sent()) - before).toBe(answered);

    socket.resume();
    await eventually(() => expect(parsed()).toBe(written), 20_000);
    expect((await sent()) - before).toBe(written);
    socket.destroy();
  });

  it('a client that keeps reading gets every answer to a pipelined burst, and stays connected', async () => {
    const { socket, parsed } = await rawDevice(0);
    await requestBlobs(socket, REQUESTS);
    await eventually(() => expect(parsed()).toBe(REQUESTS), 20_000);
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });

  it('a client that never reads again is ended by its keepalive', async () => {
    const { socket } = await rawDevice(1);
    socket.pause();
    const closedBefore = broker.hub.events.list({ kinds: ['session_closed'] }).length;
    await requestBlobs(socket, REQUESTS);
    // aedes closes a connection with no packet read for 1.5 × keepalive
    await eventually(
      () =>
        expect(broker.hub.events.list({ kinds: ['session_closed'] }).length).toBeGreaterThan(
          closedBefore,
        ),
      10_000,
    );
    socket.destroy();
  });
});
