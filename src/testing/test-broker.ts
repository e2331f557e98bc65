// Node-only test helper: a real aedes broker serving MQTT over WebSocket on an ephemeral port.
// Imported by *.test.ts files that run in vitest's node environment, never by the app.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Aedes } from 'aedes';
import type { AuthenticateError, Client, Subscription } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** A running broker and the levers tests pull on it. */
export interface TestBroker {
  /** `ws://127.0.0.1:<port>/mqtt` */
  url: string;
  /** Cuts every open client socket from the server side (the broker keeps listening). */
  dropConnections(): void;
  /** Resolves once a client is connected (CONNACK 0 sent). */
  nextClientReady(): Promise<Client>;
  /** Resolves once a client's connection is gone (DISCONNECT or socket close). */
  nextClientGone(): Promise<Client>;
  /** Resolves with the filters of the next SUBSCRIBE any client sends. */
  nextSubscribe(): Promise<string[]>;
  /** Publishes from the broker side to whoever subscribed. */
  publish(topic: string, payload: string, qos?: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

function refusal(message: string, returnCode: 2 | 4 | 5): AuthenticateError {
  // aedes declares AuthErrorCode as an ambient const enum, which isolatedModules code cannot name
  // by member; the literals 2, 4 and 5 are its IDENTIFIER_REJECTED, BAD_USERNAME_OR_PASSWORD, NOT_AUTHORIZED.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  return Object.assign(new Error(message), { returnCode });
}

/**
 * CONNECT checks in the spirit of IoT Hub spec §1.1–1.4, for access tokens only. aedes turns the
 * 3.1.1 return code into the MQTT 5 reason code: 2 → 0x85, 4 → 0x86, 5 → 0x87.
 */
function authenticateTokens(tokens: ReadonlySet<string>) {
  return (
    client: Client,
    username: string | undefined,
    _password: unknown,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void => {
    const v5 = client.version === 5;
    if (username === undefined || username === '') {
      // 3.1.1: 0x04 "username is empty"; 5: 0x85 (only a client id was given).
      done(refusal('username is empty', v5 ? 2 : 4), false);
    } else if (tokens.has(username)) {
      done(null, true);
    } else {
      // 3.1.1: 0x05 not authorized; 5: 0x86 bad user name or password.
      done(refusal('no device has this token', v5 ? 4 : 5), false);
    }
  };
}

/** Starts aedes behind an HTTP server bound to 127.0.0.1 (port 0 unless given), with WebSocket on `/mqtt`. */
export async function startTestBroker(options: {
  tokens: string[];
  /** Listen on this port (a broker coming back where a closed one was); default 0. */
  port?: number;
  /** A publish for which this returns true is refused: a 3.1.1 client is disconnected, as for an invalid payload. */
  rejectPublish?: (topic: string, payload: string) => boolean;
}): Promise<TestBroker> {
  const reject = options.rejectPublish;
  const broker = await Aedes.createBroker({
    authenticate: authenticateTokens(new Set(options.tokens)),
    ...(reject === undefined
      ? {}
      : {
          authorizePublish: (_client, packet, done) => {
            const payload = Buffer.from(packet.payload).toString('utf8');
            done(reject(packet.topic, payload) ? new Error('invalid payload') : null);
          },
        }),
  });
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/mqtt' });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
    });
    broker.handle(createWebSocketStream(socket), request);
  });
  await new Promise<void>((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/mqtt`,
    dropConnections: () => {
      for (const socket of sockets) socket.terminate();
    },
    nextClientReady: () =>
      new Promise<Client>((resolve) => {
        broker.once('clientReady', resolve);
      }),
    nextClientGone: () =>
      new Promise<Client>((resolve) => {
        broker.once('clientDisconnect', resolve);
      }),
    nextSubscribe: () =>
      new Promise<string[]>((resolve) => {
        broker.once('subscribe', (subscriptions: Subscription[]) => {
          resolve(subscriptions.map((s) => s.topic));
        });
      }),
    publish: (topic, payload, qos = 0) =>
      new Promise<void>((resolve, reject) => {
        broker.publish(
          { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false },
          (error) => {
            if (error) reject(error);
            else resolve();
          },
        );
      }),
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await new Promise<void>((resolve) => {
        broker.close(() => {
          resolve();
        });
      });
    },
  };
}
