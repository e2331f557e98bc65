import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';
import type { DevBroker } from '../main.ts';

import { startTestBroker } from './support/test-broker.ts';

const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';

let broker: DevBroker;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'iothub-flow-'));
  // SQLite, as users run it: PUBACKs wait for group commits, so many publishes wait at once
  broker = await startTestBroker({ storage: 'sqlite', dataDir });
});
afterAll(async () => {
  await broker.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every `seq` value stored for `key` on `device` (ts = base + seq). */
function storedSeqs(device: string, key: string): Set<number> {
  const id = broker.hub.devices.get(device).id;
  const points = broker.hub.telemetry.history(id, {
    keys: [key],
    startTs: 0,
    endTs: Number.MAX_SAFE_INTEGER,
    limit: 1_000_000,
    order: 'ASC',
  }) as { value: { value: bigint | number } }[];
  return new Set(points.map((p) => Number(p.value.value)));
}

/**
 * Publishes `n` QoS 1 telemetry messages without waiting for any PUBACK; resolves with how many were
 * acknowledged once all are, or after 10 s without progress.
 */
async function pipelined(
  url: string,
  version: 4 | 5,
  key: string,
  n: number,
): Promise<{ acked: number; failed: number }> {
  const client = mqtt.connect(url, {
    username: 'T1',
    protocolVersion: version,
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  let acked = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    // a stall shows up as a count below n, not as a test timeout
    const stalled = setTimeout(resolve, 10_000);
    const settled = () => {
      stalled.refresh();
      if (acked + failed === n) resolve();
    };
    client.once('close', () => {
      failed = n - acked;
      resolve();
    });
    for (let i = 0; i < n; i++) {
      const payload = JSON.stringify({ ts: 1_000_000 + i, values: { [key]: i } });
      client.publish(DEVICE_TOPICS.telemetry, payload, { qos: 1 }, (err) => {
        if (err) failed++;
        else acked++;
        settled();
      });
    }
  });
  await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  return { acked, failed };
}

const range = (n: number) => new Set(Array.from({ length: n }, (_, i) => i));

describe('QoS 1 flow control: any number of pipelined publishes is acknowledged (issue 9 §1)', () => {
  it.each([4, 5] as const)(
    '10,000 pipelined QoS 1 publishes from one MQTT.js client over TCP (v%i): all PUBACKed and stored',
    async (version) => {
      const key = `tcp${String(version)}`;
      const result = await pipelined(broker.mqttUrl, version, key, 10_000);
      expect(result).toEqual({ acked: 10_000, failed: 0 });
      expect(storedSeqs('thermo-1', key)).toEqual(range(10_000));
    },
    60_000,
  );

  it('2,000 pipelined QoS 1 publishes over WebSocket: all PUBACKed and stored', async () => {
    const result = await pipelined(broker.wsUrl, 4, 'ws', 2_000);
    expect(result).toEqual({ acked: 2_000, failed: 0 });
    expect(storedSeqs('thermo-1', 'ws')).toEqual(range(2_000));
  }, 60_000);

  it('mosquitto_pub -l with 100,000 lines at QoS 1 on stdin: all PUBACKed and stored', async () => {
    if (!existsSync(MOSQUITTO_PUB))
      throw new Error('mosquitto_pub is missing: apt-get install -y mosquitto-clients');
    const n = 100_000;
    const child = spawn(
      MOSQUITTO_PUB,
      // -l: one message per stdin line; -d prints each PUBACK; -M 1000 in flight, far above
      // maxInflightMessages (100)
      [
        ...['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-u', 'O1'],
        ...['-t', DEVICE_TOPICS.telemetry, '-q', '1', '-M', '1000', '-d', '-l'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ ts: 1_000_000 + i, values: { line: i } }),
    );
    child.stdin.write(`${lines.join('\n')}\n`);
    // mosquitto_pub 2.0.11 disconnects at end of input once the PUBACK for the *packet id* of the
    // last line arrives; ids wrap at 65535, so closing stdin early would end it at the first reuse
    // of that id. Keep stdin open until everything is stored, then close it.
    const deviceId = broker.hub.devices.get('other-1').id;
    const lastStored = () =>
      Number(broker.hub.telemetry.latest(deviceId, ['line'])[0]?.value.value ?? -1);
    let progress = { last: -1, at: Date.now() };
    while (lastStored() < n - 1 && Date.now() - progress.at < 10_000 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
      if (lastStored() > progress.last) progress = { last: lastStored(), at: Date.now() };
    }
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    expect({ code, stored: lastStored() + 1 }, out.slice(-1000)).toEqual({ code: 0, stored: n });
    expect(out.match(/received PUBACK/g)?.length).toBe(n);
    expect(storedSeqs('other-1', 'line')).toEqual(range(n));
  }, 120_000);
});
