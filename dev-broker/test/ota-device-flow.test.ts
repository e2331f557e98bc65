import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { newDevice, requestChunk, testBytes } from './support/ota-fixtures.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

type Kind = 'fw' | 'sw';
const DEVICE_STATES = ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATING', 'UPDATED'];

/**
 * What device firmware does (spec §11): learn the package from the shared-attribute push, download it
 * chunk by chunk (or whole), verify the checksum, and report the state sequence as telemetry.
 */
async function update(
  c: TestClient,
  kind: Kind,
  reqId: number,
  chunkSize: number | null,
): Promise<Buffer> {
  const info = JSON.parse((await c.message('v1/devices/me/attributes')).text) as Record<
    string,
    string | number
  >;
  // explicit, increasing timestamps: two states in one millisecond would be one point (same key and ts)
  let ts = Date.now() + 1;
  const report = (values: object) =>
    c.publish(
      'v1/devices/me/telemetry',
      JSON.stringify({ ts: (ts = Math.max(Date.now(), ts + 1)), values }),
    );
  await report({ [`${kind}_state`]: 'DOWNLOADING' });
  const parts: Buffer[] = [];
  for (let n = 0; ; n++) {
    const chunk = await requestChunk(
      c,
      kind,
      reqId,
      n,
      chunkSize === null ? '' : String(chunkSize),
    );
    parts.push(chunk);
    if (chunkSize === null || chunk.length < chunkSize) break;
  }
  const image = Buffer.concat(parts);
  await report({ [`${kind}_state`]: 'DOWNLOADED' });
  const algorithm = String(info[`${kind}_checksum_algorithm`])
    .replace('SHA', 'sha')
    .replace('MD5', 'md5');
  expect(image.length).toBe(info[`${kind}_size`]);
  expect(createHash(algorithm).update(image).digest('hex')).toBe(info[`${kind}_checksum`]);
  await report({ [`${kind}_state`]: 'VERIFIED' });
  await report({ [`${kind}_state`]: 'UPDATING' });
  await report({
    [`${kind}_state`]: 'UPDATED',
    [`current_${kind}_title`]: info[`${kind}_title`],
    [`current_${kind}_version`]: info[`${kind}_version`],
  });
  return image;
}

describe.each([
  ['fw', 'FIRMWARE', 'SHA256'],
  ['sw', 'SOFTWARE', 'MD5'],
] as const)(
  'a device updating its %s like real firmware (spec §11)',
  (kind, type, checksumAlgorithm) => {
    it.each([[1024], [4096], [65536], [null]])(
      'chunk size %s: push → download → checksum → state sequence stored',
      async (chunkSize) => {
        const d = await newDevice(broker, `${kind}-client-${String(chunkSize)}`);
        const c = await connectDevice(broker, 'tcp', 4, { username: d.token });
        (c.client.stream as Socket).setNoDelay(true); // see ota-large.test.ts
        await c.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
        const data = testBytes(150_000, chunkSize ?? 7);
        const version = `v-${String(chunkSize)}`;
        const pkg = await broker.hub.ota.upload({
          title: `${kind}-flow`,
          version,
          type,
          data,
          checksumAlgorithm,
        });
        await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
        expect((await update(c, kind, 1, chunkSize)).equals(data)).toBe(true);
        const states = broker.hub.telemetry.history(d.id, {
          keys: [`${kind}_state`],
          startTs: 0,
          endTs: Date.now() + 60_000,
          limit: 100,
          order: 'ASC',
        });
        expect(
          states.map((p) => ('value' in p && typeof p.value === 'object' ? p.value.value : null)),
        ).toEqual(['QUEUED', 'INITIATED', ...DEVICE_STATES]);
        const progress = broker.hub.ota.status(d.id)[0];
        expect(kind === 'fw' ? progress?.firmware : progress?.software).toMatchObject({
          state: 'UPDATED',
          currentTitle: pkg.title,
          currentVersion: version,
          targetVersion: version,
        });
        await c.end();
      },
    );
  },
);
