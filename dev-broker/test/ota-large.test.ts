import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import {
  connectDevice,
  type TestClient,
  type Transport,
  type Version,
} from './support/mqtt-client.ts';
import { newDevice, requestChunk } from './support/ota-fixtures.ts';
import { startTestBroker } from './support/test-broker.ts';

const MiB = 1024 * 1024;
const IMAGE = randomBytes(16 * MiB);
const IMAGE_SHA256 = createHash('sha256').update(IMAGE).digest('hex');

const dataDir = mkdtempSync(join(tmpdir(), 'iothub-ota-large-'));
const startOnDisk = () => startTestBroker({ storage: 'sqlite', dataDir });

let broker: DevBroker;
let device: { id: string; name: string; token: string };
beforeAll(async () => {
  broker = await startOnDisk();
  device = await newDevice(broker, 'big');
  const pkg = await broker.hub.ota.upload({
    title: 'big-image',
    version: '16.0',
    type: 'FIRMWARE',
    data: IMAGE,
  });
  await broker.hub.ota.assign(pkg.id, { deviceId: device.id });
}, 60_000);
afterAll(async () => {
  await broker.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Downloads like device firmware does: learn the fw_* attributes by requesting them, then ask for
 * chunk after chunk until one comes back short or empty (spec §11).
 */
async function download(
  c: TestClient,
  reqId: number,
  chunkSize: number,
): Promise<{ image: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for (let n = 0; ; n++) {
    const chunk = await requestChunk(c, 'fw', reqId, n, n === 0 ? String(chunkSize) : '');
    parts.push(chunk);
    if (chunk.length < chunkSize) return { image: Buffer.concat(parts), chunks: n + 1 };
  }
}

async function fwAttributes(c: TestClient): Promise<Record<string, unknown>> {
  await c.publish(
    'v1/devices/me/attributes/request/1',
    '{"sharedKeys":"fw_title,fw_version,fw_size,fw_checksum_algorithm,fw_checksum"}',
  );
  const reply = JSON.parse((await c.message('v1/devices/me/attributes/response/1')).text) as {
    shared: Record<string, unknown>;
  };
  return reply.shared;
}

describe('a 16 MiB package on SQLite (spec §11, §13 "Maximum packet size")', () => {
  it.each([
    ['tcp', 4],
    ['ws', 5],
  ] as [Transport, Version][])(
    'over %s v%i: downloaded completely in 64 KiB chunks, checksum verified',
    async (transport, version) => {
      const c = await connectDevice(broker, transport, version, { username: device.token });
      // Nagle on the client's side holds each request behind its PUBACK of the previous chunk until the
      // broker's delayed ACK (40 ms on Linux); devices that stream chunks turn it off, as here.
      if (transport === 'tcp') (c.client.stream as Socket).setNoDelay(true);
      const fw = await fwAttributes(c);
      expect(fw).toEqual({
        fw_title: 'big-image',
        fw_version: '16.0',
        fw_size: 16 * MiB,
        fw_checksum_algorithm: 'SHA256',
        fw_checksum: IMAGE_SHA256,
      });
      const started = performance.now();
      const { image, chunks } = await download(c, 1, 64 * 1024);
      const ms = performance.now() - started;
      expect(chunks).toBe(257); // 256 full chunks, then the empty one past the end
      expect(image.length).toBe(16 * MiB);
      expect(createHash('sha256').update(image).digest('hex')).toBe(fw.fw_checksum);
      console.info(
        `16 MiB in 64 KiB chunks over ${transport} v${String(version)}: ${ms.toFixed(0)} ms (${((16 / ms) * 1000).toFixed(1)} MiB/s)`,
      );
      await c.end();
    },
    60_000,
  );

  it('no size: chunk 0 is the whole 16 MiB image in one PUBLISH', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: device.token });
    const started = performance.now();
    const whole = await requestChunk(c, 'fw', 9, 0, '');
    console.info(`16 MiB as one message: ${(performance.now() - started).toFixed(0)} ms`);
    expect(whole.equals(IMAGE)).toBe(true);
    await c.end();
  }, 60_000);

  it('the package bytes and the assignment survive a restart', async () => {
    await broker.close();
    broker = await startOnDisk();
    const pkg = broker.hub.ota.list().find((p) => p.title === 'big-image');
    expect(pkg).toMatchObject({
      version: '16.0',
      size: 16 * MiB,
      checksumAlgorithm: 'SHA256',
      checksum: IMAGE_SHA256,
    });
    expect(broker.hub.ota.resolve(device.id, 'FIRMWARE')?.id).toBe(pkg?.id);
    const c = await connectDevice(broker, 'tcp', 5, { username: device.token });
    expect(
      (await requestChunk(c, 'fw', 1, 100, '65536')).equals(
        IMAGE.subarray(100 * 65536, 101 * 65536),
      ),
    ).toBe(true);
    const whole = await requestChunk(c, 'fw', 2, 0, '');
    expect(createHash('sha256').update(whole).digest('hex')).toBe(IMAGE_SHA256);
    await c.end();
  }, 60_000);
});
