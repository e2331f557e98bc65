/**
 * The sessions phase's load generator: raw TCP sockets (an MQTT.js client costs more than the
 * broker's side of it), each writing one 3.1.1 CONNECT (keepalive 0, clean session) and waiting for
 * its CONNACK, at most `window` waiting at once. The sessions stay open until `stop`.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

import mqttPacket from 'mqtt-packet';

import type {
  ConnectChildMessage,
  ConnectParentMessage,
  ConnectResult,
} from './sessions-protocol.ts';

const sockets: Socket[] = [];

const send = (message: ConnectChildMessage): void => {
  process.send?.(message);
};

function connectOne(port: number, username: string, index: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    sockets.push(socket);
    let done = false;
    const finish = (failure: string | null): void => {
      if (done) return;
      done = true;
      if (failure !== null) socket.destroy();
      resolve(failure);
    };
    socket.once('connect', () => {
      socket.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: true,
          clientId: `session-${String(index)}`,
          keepalive: 0,
          username,
        }),
      );
    });
    socket.once('data', (bytes: Buffer) => {
      // CONNACK: 0x20, remaining length 2, flags, return code
      if (bytes[0] !== 0x20) finish(`not a CONNACK (first byte 0x${(bytes[0] ?? 0).toString(16)})`);
      else if (bytes[3] !== 0) finish(`CONNACK return code ${String(bytes[3])}`);
      else finish(null);
    });
    socket.on('error', (error) => {
      finish(error.message);
    });
    socket.once('close', () => {
      finish('closed before the CONNACK');
    });
  });
}

async function run(
  port: number,
  usernames: string[],
  window: number,
  timeoutMs: number,
): Promise<ConnectResult> {
  let next = 0;
  let connected = 0;
  let failed = 0;
  const failures: string[] = [];
  const started = performance.now();
  let last = started;
  const worker = async (): Promise<void> => {
    while (next < usernames.length && performance.now() - started < timeoutMs) {
      const index = next++;
      const failure = await connectOne(port, usernames[index] ?? '', index);
      last = performance.now();
      if (failure === null) connected++;
      else {
        failed++;
        if (failures.length === 0) failures.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, usernames.length) }, worker));
  const elapsedMs = last - started;
  return {
    connected,
    failed: failed + (usernames.length - connected - failed),
    firstFailure:
      failures[0] ??
      (connected < usernames.length ? `not all connected within ${String(timeoutMs)} ms` : null),
    elapsedMs,
    perSecond: elapsedMs > 0 ? (connected * 1000) / elapsedMs : 0,
  };
}

process.on('message', (message: ConnectParentMessage) => {
  if (message.type === 'stop') {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }
  run(message.port, message.usernames, message.window, message.timeoutMs).then(
    (result) => {
      send({ type: 'result', result });
    },
    (error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    },
  );
});
