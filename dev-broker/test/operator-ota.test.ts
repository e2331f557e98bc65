import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checksum } from '../../src/protocol/checksum.ts';
import type { OtaEvent } from '../../src/protocol/operator-events.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { testBytes } from './support/ota-fixtures.ts';
import { uploadViaApi } from './support/ota-upload-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker, 'tcp', 5);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

describe('ota.list | get | delete', () => {
  it('lists packages (by type), gets one with its assignments, deletes an unassigned one', async () => {
    const fw = await uploadViaApi(op, testBytes(5000, 1), {
      title: 'list-fw',
      version: '1',
      tag: 'stable',
    });
    const sw = await op.ok('ota.upload', {
      title: 'list-sw',
      version: '2',
      type: 'SOFTWARE',
      url: 'https://example.com/sw-2.tar',
    });
    expect(sw).toMatchObject({
      title: 'list-sw',
      type: 'SOFTWARE',
      url: 'https://example.com/sw-2.tar',
      size: 0,
      fileName: 'sw-2.tar',
      checksum: null,
    });
    if (!('id' in sw)) throw new Error('expected a package');
    expect((await op.ok('ota.list')).map((p) => p.title)).toEqual(
      expect.arrayContaining(['list-fw', 'list-sw']),
    );
    expect((await op.ok('ota.list', { type: 'SOFTWARE' })).map((p) => p.title)).toContain(
      'list-sw',
    );
    expect((await op.ok('ota.list', { type: 'SOFTWARE' })).map((p) => p.title)).not.toContain(
      'list-fw',
    );
    await op.ok('ota.assign', { packageId: fw.id, profileName: 'fleet' });
    expect(await op.ok('ota.get', { packageId: fw.id })).toEqual({
      ...fw,
      assignments: [
        {
          packageId: fw.id,
          type: 'FIRMWARE',
          target: {
            kind: 'profile',
            id: broker.hub.profiles.findByName('fleet')?.id,
            name: 'fleet',
          },
          assignedAt: expect.any(Number) as unknown,
        },
      ],
    });
    const assigned = await op.fail('ota.delete', { packageId: fw.id });
    expect(assigned).toEqual({
      code: 'FAILED_PRECONDITION',
      message: 'package list-fw 1 is still assigned (1); unassign it first',
    });
    expect(await op.ok('ota.unassign', { type: 'FIRMWARE', profileName: 'fleet' })).toMatchObject({
      type: 'FIRMWARE',
      target: { kind: 'profile', name: 'fleet' },
      unassigned: true,
    });
    expect(await op.ok('ota.delete', { packageId: fw.id })).toEqual({
      packageId: fw.id,
      deleted: true,
    });
    expect(await op.ok('ota.delete', { packageId: sw.id })).toEqual({
      packageId: sw.id,
      deleted: true,
    });
    expect(await op.fail('ota.get', { packageId: fw.id })).toEqual({
      code: 'NOT_FOUND',
      message: `OTA package ${fw.id} was not found`,
    });
    expect((await op.fail('ota.delete', { packageId: 'nope' })).code).toBe('NOT_FOUND');
  });
});

describe('ota.assign | unassign | status', () => {
  it('assigns to a device (pushing fw_*) or a profile, unassigns with {"deleted"}, reports per-device status', async () => {
    const pkg = await uploadViaApi(op, testBytes(3000, 2), { title: 'assign-fw', version: '3.1' });
    const { device, credentials } = await op.ok('devices.create', {
      name: 'ota-assign-1',
      profile: 'fleet',
    });
    if (credentials.type !== 'ACCESS_TOKEN') throw new Error('expected a token');
    const d = await connectDevice(broker, 'tcp', 4, { username: credentials.token });
    await d.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
    const events = `operator/v1/events/${device.id}/ota`;
    await op.subscribe({ [events]: { qos: 1 } });
    expect(await op.ok('ota.assign', { packageId: pkg.id, deviceId: device.id })).toMatchObject({
      target: { kind: 'device', id: device.id, name: 'ota-assign-1' },
    });
    expect(JSON.parse((await d.message('v1/devices/me/attributes')).text)).toMatchObject({
      fw_title: 'assign-fw',
      fw_version: '3.1',
      fw_size: 3000,
    });
    const [status] = await op.ok('ota.status', { deviceName: 'ota-assign-1' });
    expect(status?.firmware).toMatchObject({
      packageId: pkg.id,
      state: 'INITIATED',
      targetTitle: 'assign-fw',
      targetVersion: '3.1',
      currentVersion: null,
    });
    expect(status?.software).toMatchObject({ packageId: null, state: null });
    expect(await op.ok('ota.unassign', { type: 'FIRMWARE', deviceName: 'ota-assign-1' })).toEqual({
      type: 'FIRMWARE',
      target: { kind: 'device', id: device.id, name: 'ota-assign-1' },
      unassigned: true,
    });
    expect(JSON.parse((await d.message('v1/devices/me/attributes')).text)).toMatchObject({
      deleted: expect.arrayContaining(['fw_title', 'fw_version']) as unknown,
    });
    expect(await op.ok('ota.unassign', { type: 'FIRMWARE', deviceId: device.id })).toMatchObject({
      unassigned: false,
    });
    expect(
      await op.ok('ota.assign', { packageId: pkg.id, profileId: device.profileId }),
    ).toMatchObject({ target: { kind: 'profile', name: 'fleet' } });
    expect((await op.ok('ota.status', { deviceId: device.id }))[0]?.firmware.packageId).toBe(
      pkg.id,
    );
    await op.ok('ota.unassign', { type: 'FIRMWARE', profileName: 'fleet' });
    const changes = op.messages
      .filter((m) => m.topic === events)
      .map((m) => JSON.parse(m.text) as OtaEvent);
    expect(changes.map((e) => (e.change === 'state' ? e.state : e.change))).toEqual([
      'QUEUED',
      'INITIATED',
      'assigned',
      'unassigned',
      'QUEUED',
      'INITIATED',
      'assigned',
      'unassigned',
    ]);
    expect(changes[2]).toMatchObject({ via: 'device', title: 'assign-fw', version: '3.1' });
    expect(changes[6]).toMatchObject({ via: 'profile' });
    expect(changes[3]).toEqual({
      deviceId: device.id,
      deviceName: 'ota-assign-1',
      change: 'unassigned',
      type: 'FIRMWARE',
    });
    await d.end();
  });

  it('errors: NOT_FOUND for package, device and profile; INVALID_ARGUMENT for targets', async () => {
    const pkg = await uploadViaApi(op, testBytes(10, 3), { title: 'err-fw', version: '1' });
    expect(await op.fail('ota.assign', { packageId: 'nope', deviceName: 'thermo-1' })).toEqual({
      code: 'NOT_FOUND',
      message: 'OTA package nope was not found',
    });
    expect(await op.fail('ota.assign', { packageId: pkg.id, deviceName: 'ghost' })).toEqual({
      code: 'NOT_FOUND',
      message: 'device named ghost was not found',
    });
    expect(await op.fail('ota.assign', { packageId: pkg.id, profileName: 'ghost' })).toEqual({
      code: 'NOT_FOUND',
      message: 'profile named ghost was not found',
    });
    expect((await op.fail('ota.unassign', { type: 'FIRMWARE', profileId: 'ghost' })).code).toBe(
      'NOT_FOUND',
    );
    expect((await op.fail('ota.status', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    expect((await op.fail('ota.assign', { packageId: pkg.id })).message).toBe(
      'invalid params for ota.assign: (params): give one of deviceId, deviceName, profileId, profileName',
    );
    expect(
      (
        await op.fail('ota.assign', {
          packageId: pkg.id,
          deviceName: 'thermo-1',
          profileName: 'fleet',
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
    expect((await op.fail('ota.unassign', { deviceName: 'thermo-1' })).message).toMatch(
      /type: type must be FIRMWARE or SOFTWARE/,
    );
  });
});

describe('ota.upload in chunks', () => {
  it('chunks in any order and repeated are assembled by index; progress counts each index once', async () => {
    const data = testBytes(100_000, 4);
    const started = await op.ok('ota.upload', {
      title: 'order',
      version: '1',
      size: data.length,
      checksumAlgorithm: 'MD5',
      checksum: checksum(data, 'MD5'),
    });
    if (!('uploadId' in started)) throw new Error('expected an upload');
    expect(started).toEqual({
      uploadId: expect.any(String) as unknown,
      chunkSize: 32768,
      chunks: 4,
      size: 100_000,
      idleTimeoutMs: 300_000,
    });
    const send = (index: number) =>
      op.ok('ota.upload.chunk', {
        uploadId: started.uploadId,
        index,
        data: Buffer.from(data.subarray(index * 32768, (index + 1) * 32768)).toString('base64'),
      });
    expect(await send(3)).toEqual({
      received: 100_000 - 3 * 32768,
      size: 100_000,
      chunksReceived: 1,
      chunks: 4,
    });
    await send(1);
    expect(await send(1)).toMatchObject({ chunksReceived: 2 });
    const early = await op.fail('ota.upload.finish', { uploadId: started.uploadId });
    expect(early).toEqual({
      code: 'FAILED_PRECONDITION',
      message: '2 of 4 chunks are missing, first 0, 2',
      details: { missing: [0, 2], missingCount: 2 },
    });
    await Promise.all([send(2), send(0)]);
    const pkg = await op.ok('ota.upload.finish', { uploadId: started.uploadId });
    expect(pkg).toMatchObject({
      title: 'order',
      size: 100_000,
      checksumAlgorithm: 'MD5',
      checksum: checksum(data, 'MD5'),
    });
    expect(Buffer.from(broker.hub.ota.readData(pkg.id)).equals(data)).toBe(true);
    expect(
      (await op.fail('ota.upload.chunk', { uploadId: started.uploadId, index: 0, data: 'AA==' }))
        .message,
    ).toMatch(
      /^upload .+ was not found: it finished, was aborted, or was dropped after 300 s without a call$/,
    );
  });

  it('a checksum mismatch on finish is INVALID_ARGUMENT and stores nothing', async () => {
    const data = testBytes(40_000, 5);
    const bad = await op.fail('ota.upload.finish', {
      uploadId: await started(data, { checksum: 'ab'.repeat(32) }),
    });
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toBe(
      `checksum mismatch: SHA256 of the data is ${checksum(data, 'SHA256')}, not ${'ab'.repeat(32)}`,
    );
    expect((await op.ok('ota.list')).some((p) => p.title === 'sum')).toBe(false);
    // the failed upload is gone: the same title and version may start again
    await op.ok('ota.upload.finish', { uploadId: await started(data, {}) });
  });

  it('refuses wrong chunk lengths, indexes past the end, taken names; abort drops the upload', async () => {
    const s = await op.ok('ota.upload', { title: 'bad', version: '1', size: 40_000 });
    if (!('uploadId' in s)) throw new Error('expected an upload');
    const chunk = (index: number, bytes: number) =>
      op.fail('ota.upload.chunk', {
        uploadId: s.uploadId,
        index,
        data: Buffer.alloc(bytes).toString('base64'),
      });
    expect((await chunk(0, 100)).message).toBe(
      'chunk 0 must hold 32768 bytes, got 100 (chunkSize 32768, size 40000)',
    );
    expect((await chunk(1, 32768)).message).toBe(
      'the last chunk must hold 7232 bytes, got 32768 (chunkSize 32768, size 40000)',
    );
    expect(await chunk(2, 1)).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'index 2 is past the last chunk: the upload has 2 chunks (0 to 1) of 32768 bytes',
    });
    expect(await op.fail('ota.upload', { title: 'bad', version: '1', size: 5 })).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `an upload of bad 1 is already in progress (uploadId ${s.uploadId}); finish or abort it`,
    });
    expect(await op.ok('ota.upload.abort', { uploadId: s.uploadId })).toEqual({
      uploadId: s.uploadId,
      aborted: true,
    });
    expect((await op.fail('ota.upload.abort', { uploadId: s.uploadId })).code).toBe('NOT_FOUND');
    expect((await op.fail('ota.upload.finish', { uploadId: 'nope' })).code).toBe('NOT_FOUND');
    await uploadViaApi(op, testBytes(10, 6), { title: 'taken', version: '1' });
    expect(await op.fail('ota.upload', { title: 'taken', version: '1', size: 10 })).toEqual({
      code: 'ALREADY_EXISTS',
      message: 'a package taken 1 already exists',
    });
    expect(
      await op.fail('ota.upload', { title: 'taken', version: '1', url: 'https://x.io/a' }),
    ).toEqual({ code: 'ALREADY_EXISTS', message: 'a package taken 1 already exists' });
    expect((await op.fail('ota.upload', { title: ' ', version: '1', size: 10 })).message).toBe(
      'title must not be blank',
    );
    expect(
      (await op.fail('ota.upload', { title: 'x', version: '1', size: 17 * 1024 * 1024 })).message,
    ).toMatch(/size must be at most 16777216 bytes/);
  });

  it('bounds the uploads in progress: 64 MiB declared at most, then FAILED_PRECONDITION', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await op.ok('ota.upload', {
        title: `big-${String(i)}`,
        version: '1',
        size: 16 * 1024 * 1024,
      });
      if ('uploadId' in s) ids.push(s.uploadId);
    }
    const full = await op.fail('ota.upload', { title: 'big-4', version: '1', size: 1 });
    expect(full.code).toBe('FAILED_PRECONDITION');
    expect(full.message).toBe(
      'uploads in progress already hold 67108864 of 67108864 bytes; 1 more do not fit; finish or abort one (an upload without a call for 300 s is dropped)',
    );
    for (const uploadId of ids) await op.ok('ota.upload.abort', { uploadId });
    expect(
      'uploadId' in (await op.ok('ota.upload', { title: 'big-4', version: '1', size: 1 })),
    ).toBe(true);
  });
});

async function started(data: Buffer, extra: { checksum?: string }): Promise<string> {
  const s = await op.ok('ota.upload', { title: 'sum', version: '1', size: data.length, ...extra });
  if (!('uploadId' in s)) throw new Error('expected an upload');
  await op.ok('ota.upload.chunk', {
    uploadId: s.uploadId,
    index: 0,
    data: data.subarray(0, 32768).toString('base64'),
  });
  await op.ok('ota.upload.chunk', {
    uploadId: s.uploadId,
    index: 1,
    data: data.subarray(32768).toString('base64'),
  });
  return s.uploadId;
}
