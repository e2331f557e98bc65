import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OtaEvent } from '../../src/protocol/operator-events.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { requestChunk, testBytes } from './support/ota-fixtures.ts';
import { uploadViaApi } from './support/ota-upload-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const MiB = 1024 * 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Everything below goes through the operator API and the device's MQTT connection only: no hub calls.
describe('OTA end to end through the operator API', () => {
  it('upload 2 MiB in chunks → assign → a device downloads v2/fw chunks, checksum matches → ota.status UPDATED', async () => {
    const op = await connectOperator(broker, 'ws', 5);
    const { device, credentials } = await op.ok('devices.create', { name: 'pump-ota' });
    if (credentials.type !== 'ACCESS_TOKEN') throw new Error('expected a generated token');
    await op.subscribe({ [`operator/v1/events/${device.id}/ota`]: { qos: 0 } });

    const image = testBytes(2 * MiB, 42);
    const pkg = await uploadViaApi(op, image, {
      title: 'pump',
      version: '1.2',
      fileName: 'pump-1.2.bin',
    });
    expect(pkg).toMatchObject({
      title: 'pump',
      version: '1.2',
      type: 'FIRMWARE',
      size: 2 * MiB,
      checksumAlgorithm: 'SHA256',
      checksum: sha256(image),
      url: null,
      fileName: 'pump-1.2.bin',
    });

    const d = await connectDevice(broker, 'tcp', 4, { username: credentials.token });
    (d.client.stream as Socket).setNoDelay(true); // see ota-large.test.ts
    await d.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
    const assignment = await op.ok('ota.assign', { packageId: pkg.id, deviceName: 'pump-ota' });
    expect(assignment).toMatchObject({
      packageId: pkg.id,
      type: 'FIRMWARE',
      target: { kind: 'device', id: device.id, name: 'pump-ota' },
    });
    const info = JSON.parse((await d.message('v1/devices/me/attributes')).text) as Record<
      string,
      unknown
    >;
    expect(info).toEqual({
      fw_title: 'pump',
      fw_version: '1.2',
      fw_size: 2 * MiB,
      fw_checksum_algorithm: 'SHA256',
      fw_checksum: pkg.checksum,
    });

    let ts = Date.now();
    const report = (values: object) =>
      d.publish(
        'v1/devices/me/telemetry',
        JSON.stringify({ ts: (ts = Math.max(Date.now(), ts + 1)), values }),
      );
    await report({ fw_state: 'DOWNLOADING' });
    const parts: Buffer[] = [];
    for (let n = 0; ; n++) {
      const chunk = await requestChunk(d, 'fw', 7, n, '65536');
      parts.push(chunk);
      if (chunk.length < 65536) break;
    }
    const downloaded = Buffer.concat(parts);
    expect(downloaded.length).toBe(2 * MiB);
    expect(sha256(downloaded)).toBe(info.fw_checksum);
    await report({ fw_state: 'DOWNLOADED' });
    await report({ fw_state: 'VERIFIED' });
    await report({ fw_state: 'UPDATING' });
    expect((await op.ok('ota.status', { deviceId: device.id }))[0]?.firmware.state).toBe(
      'UPDATING',
    );
    await report({ fw_state: 'UPDATED', current_fw_title: 'pump', current_fw_version: '1.2' });

    const [status] = await op.ok('ota.status', { deviceName: 'pump-ota' });
    expect(status).toMatchObject({
      deviceId: device.id,
      deviceName: 'pump-ota',
      firmware: {
        packageId: pkg.id,
        state: 'UPDATED',
        error: null,
        currentTitle: 'pump',
        currentVersion: '1.2',
        targetTitle: 'pump',
        targetVersion: '1.2',
      },
      software: { packageId: null, state: null },
    });
    expect((await op.ok('ota.status')).map((s) => s.deviceName)).toContain('pump-ota');

    const events = () =>
      op.messages
        .filter((m) => m.topic === `operator/v1/events/${device.id}/ota`)
        .map((m) => JSON.parse(m.text) as OtaEvent);
    await eventually(() =>
      expect(events().flatMap((e) => (e.change === 'state' ? [e.state] : []))).toEqual([
        'QUEUED',
        'INITIATED',
        'DOWNLOADING',
        'DOWNLOADED',
        'VERIFIED',
        'UPDATING',
        'UPDATED',
      ]),
    );
    expect(events().find((e) => e.change === 'assigned')).toEqual({
      deviceId: device.id,
      deviceName: 'pump-ota',
      change: 'assigned',
      type: 'FIRMWARE',
      packageId: pkg.id,
      title: 'pump',
      version: '1.2',
      via: 'device',
    });
    const chunks = events().filter((e) => e.change === 'chunk');
    expect(chunks).toHaveLength(33); // 32 full chunks and the empty one past the end
    expect(chunks[1]).toEqual({
      deviceId: device.id,
      deviceName: 'pump-ota',
      change: 'chunk',
      type: 'FIRMWARE',
      packageId: pkg.id,
      requestId: 7,
      chunk: 1,
      offset: 65536,
      bytes: 65536,
      fileSize: 2 * MiB,
    });
    await d.end();
    await op.end();
  }, 60_000);
});
