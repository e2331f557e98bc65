import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';

import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';
import { startDevBroker } from '../main.ts';

import { startDurableChild } from './support/durable-child.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('durability (spec §4: PUBACK only after the data is durably stored)', () => {
  it.each(['mqttUrl', 'wsUrl'] as const)(
    'every acknowledged point survives SIGKILL of the broker with 10,000 in flight (%s)',
    async (which) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'iothub-durable-'));
      dirs.push(dataDir);
      const { child, urls } = await startDurableChild(dataDir);
      const client = mqtt.connect(urls[which], {
        username: 'DUR1',
        reconnectPeriod: 0,
        clientId: '',
      });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      const acked = new Set<number>();
      const killed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // 10,000 publishes at once, no window: the broker is killed with thousands still in flight
      const total = 10_000;
      let stop = false;
      for (let n = 0; n < total; n++) {
        client.publish(
          DEVICE_TOPICS.telemetry,
          JSON.stringify({ ts: 1_000_000 + n, values: { seq: n } }),
          { qos: 1 },
          (err) => {
            if (err) return;
            acked.add(n); // every PUBACK counts, also those that arrive while the kill lands
            if (!stop && acked.size >= total / 4) {
              stop = true;
              child.kill('SIGKILL');
            }
          },
        );
      }
      await killed;
      client.end(true);
      // 7,500 were unacknowledged when the kill was sent; how many more got their PUBACK before the
      // process died depends on the machine's load, and every one of those counts too
      expect(acked.size).toBeGreaterThanOrEqual(total / 4);

      const restarted = await startDevBroker({
        dataDir,
        host: '127.0.0.1',
        mqttPort: 0,
        httpPort: 0,
        demo: false,
        staticDir: null,
        logLevel: 'silent',
      });
      try {
        const deviceId = restarted.hub.devices.get('durable-1').id;
        const stored = restarted.hub.telemetry.history(deviceId, {
          keys: ['seq'],
          startTs: 0,
          endTs: 2_000_000,
          limit: 100_000,
          order: 'ASC',
        });
        const storedSeqs = new Set(
          (stored as { value: { value: bigint } }[]).map((p) => Number(p.value.value)),
        );
        const missing = [...acked].filter((n) => !storedSeqs.has(n));
        expect(missing).toEqual([]);
      } finally {
        await restarted.close();
      }
    },
    60_000,
  );
});
