import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';
import { createBrokerCore, type BrokerCore } from '../aedes/aedes-adapter.ts';
import { applyConfig } from '../config/apply-config.ts';
import { parseConfig } from '../config/config-file.ts';
import { createHub, type Hub } from '../platform/hub.ts';
import { createLogger } from '../platform/logger.ts';
import { OperatorAccounts } from '../platform/operator-accounts.ts';
import { NAMED_POINTS } from '../storage/sqlite-series-schema.ts';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite-storage.ts';

/**
 * spec §4: a QoS 1 PUBLISH is acknowledged only once what it stored is durably committed. Checked at
 * the socket: the broker core serves connections from a TCP server of this test, which sees every
 * byte the moment it is handed to the socket. Whenever a PUBACK is written, a second SQLite
 * connection (which sees committed transactions only) must already find the row of that publish.
 * Were aedes to write its own PUBACK (as it does unless the _notAuthorized touchpoint holds), it
 * would do so while the handler's writes still sit in the open transaction: that PUBACK is caught
 * here as written before its COMMIT.
 */
let dir: string;
let storage: SqliteStorage;
let hub: Hub;
let core: BrokerCore;
let server: Server;
let reader: Database.Database;
let port: number;
/** Each PUBACK the broker wrote: its packet id and whether its row was committed at that moment. */
const written: { messageId: number; committed: boolean }[] = [];
/** Packet id → telemetry key of that publish, from the client's side (set before the bytes leave). */
const keyOf = new Map<number, string>();
let protocolVersion: 4 | 5 = 4;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iothub-puback-commit-'));
  const file = join(dir, 'iothub.sqlite');
  storage = openSqliteStorage({ file });
  const config = parseConfig({
    devices: [{ name: 'thermo-1', credentials: { type: 'ACCESS_TOKEN', token: 'T1' } }],
  });
  const log = createLogger('error', () => undefined);
  hub = await createHub(storage, config.settings, log, new OperatorAccounts({}));
  await applyConfig(hub, config);
  core = await createBrokerCore(hub, config.settings, log);
  reader = new Database(file, { readonly: true });
  const isCommitted = reader
    .prepare(`SELECT count(*) FROM (${NAMED_POINTS}) WHERE key = ?`)
    .pluck();
  server = createServer((socket) => {
    watchWrites(socket, protocolVersion, (messageId) => {
      const key = keyOf.get(messageId);
      written.push({ messageId, committed: key !== undefined && isCommitted.get(key) === 1 });
    });
    core.handle(socket, 'tcp', '127.0.0.1');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await core.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  hub.dispose();
  await hub.activity.flush();
  await storage.close();
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Decodes what the broker hands to `socket` and reports each PUBACK as it is written. */
function watchWrites(socket: Socket, version: 4 | 5, onPuback: (messageId: number) => void): void {
  const parser = mqttPacket.parser({ protocolVersion: version });
  parser.on('packet', (packet: mqttPacket.Packet) => {
    if (packet.cmd === 'puback' && packet.messageId !== undefined) onPuback(packet.messageId);
  });
  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  socket.write = (chunk: unknown, ...rest: unknown[]) => {
    if (Buffer.isBuffer(chunk)) parser.parse(chunk);
    return write(chunk, ...rest);
  };
}

describe('PUBACK after the durable commit, on the wire (spec §4)', () => {
  it.each([4, 5] as const)(
    'v%i: 200 pipelined QoS 1 telemetry publishes: each PUBACK is written once, after its row is committed',
    async (version) => {
      protocolVersion = version;
      written.length = 0;
      const client = mqtt.connect(`mqtt://127.0.0.1:${String(port)}`, {
        username: 'T1',
        protocolVersion: version,
        reconnectPeriod: 0,
      });
      client.on('packetsend', (packet) => {
        if (packet.cmd === 'publish' && packet.messageId !== undefined) {
          const [key] = Object.keys(JSON.parse(String(packet.payload)) as object);
          if (key !== undefined) keyOf.set(packet.messageId, key);
        }
      });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      const n = 200;
      const acks = Array.from(
        { length: n },
        (_, i) =>
          new Promise<void>((resolve, reject) => {
            const key = `v${String(version)}k${String(i)}`;
            const payload = JSON.stringify({ [key]: i });
            client.publish(DEVICE_TOPICS.telemetry, payload, { qos: 1 }, (error) =>
              error ? reject(error) : resolve(),
            );
          }),
      );
      await Promise.all(acks);
      await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
      expect(
        written.filter((w) => !w.committed),
        'PUBACKs written before the COMMIT of their publish',
      ).toEqual([]);
      expect(written.length, 'PUBACKs written (one per publish)').toBe(n);
      expect(new Set(written.map((w) => w.messageId)).size).toBe(n);
    },
    60_000,
  );
});
