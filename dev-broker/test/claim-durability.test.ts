import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';

import { startDevBroker, type DevBroker } from '../main.ts';

import { startDurableChild } from './support/durable-child.ts';

const CLAIM = 'v1/devices/me/claim';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const newDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'iothub-claim-'));
  dirs.push(dir);
  return dir;
};

/** A broker in this process on the SQLite data dir (no config: the device is already stored). */
const startOn = (dataDir: string): Promise<DevBroker> =>
  startDevBroker({
    dataDir,
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir: null,
    logLevel: 'silent',
  });

describe('claim durability (spec §9: PUBACK only after the registration is durably stored)', () => {
  it.each(['mqttUrl', 'wsUrl'] as const)(
    'an acknowledged registration survives SIGKILL of the broker (%s)',
    async (which) => {
      const dataDir = newDataDir();
      const { child, urls } = await startDurableChild(dataDir);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const client = mqtt.connect(urls[which], {
        username: 'DUR1',
        reconnectPeriod: 0,
        clientId: '',
      });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      await new Promise<void>((resolve, reject) => {
        client.publish(CLAIM, '{"secretKey":"kept","durationMs":3600000}', { qos: 1 }, (err) => {
          if (err) {
            reject(err);
            return;
          }
          child.kill('SIGKILL'); // at once: nothing gets a chance to flush after the PUBACK
          resolve();
        });
      });
      await exited;
      client.end(true);

      const restarted = await startOn(dataDir);
      try {
        const registration = restarted.hub.claims.registration('durable-1');
        expect(registration?.secretKey).toBe('kept');
        expect(registration && registration.expiresAt - registration.createdAt).toBe(3_600_000);
      } finally {
        await restarted.close();
      }
    },
    60_000,
  );

  it('a claimed device and its customer survive restarts; a second claim after restart is CLAIMED', async () => {
    const dataDir = newDataDir();
    const first = await startDevBroker({
      dataDir,
      host: '127.0.0.1',
      mqttPort: 0,
      httpPort: 0,
      demo: false,
      staticDir: null,
      logLevel: 'silent',
      config: {
        devices: [{ name: 'keeper', credentials: { type: 'ACCESS_TOKEN', token: 'KEEP' } }],
      },
    });
    try {
      const device = first.hub.devices.get('keeper');
      await first.hub.claims.register(device, 'k', undefined);
    } finally {
      await first.close();
    }

    const second = await startOn(dataDir);
    try {
      expect(second.hub.claims.registration('keeper')?.secretKey).toBe('k');
      await expect(second.hub.claims.claim('keeper', 'k', 'Durable Co')).resolves.toBe('SUCCESS');
    } finally {
      await second.close();
    }

    const third = await startOn(dataDir);
    try {
      const customer = third.hub.claims.findCustomer('Durable Co');
      expect(customer).toBeDefined();
      expect(third.hub.devices.get('keeper').customerId).toBe(customer?.id);
      expect(third.hub.claims.registration('keeper')).toBeUndefined();
      await expect(third.hub.claims.claim('keeper', 'k', 'Other Co')).resolves.toBe('CLAIMED');
    } finally {
      await third.close();
    }
  }, 30_000);
});
