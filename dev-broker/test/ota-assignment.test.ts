import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';
import type { OtaChange } from '../platform/ota-service.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { newDevice, requestChunk, testBytes, upload } from './support/ota-fixtures.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const changes: OtaChange[] = [];
beforeAll(async () => {
  broker = await startTestBroker();
  broker.hub.ota.onChange((change) => changes.push(change));
});
afterAll(async () => {
  await broker.close();
});

const FIRMWARE = testBytes(2500, 27);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const FW_KEYS = [
  'fw_checksum',
  'fw_checksum_algorithm',
  'fw_size',
  'fw_tag',
  'fw_title',
  'fw_url',
  'fw_version',
];

/** Connects and subscribes to shared-attribute pushes on `filter`. */
async function subscribed(
  token: string,
  filter = 'v1/devices/me/attributes',
  transport: 'tcp' | 'ws' = 'tcp',
  version: 4 | 5 = 4,
): Promise<TestClient> {
  const c = await connectDevice(broker, transport, version, { username: token });
  expect(await c.subscribe({ [filter]: { qos: 1 } })).toEqual([1]);
  return c;
}

const nextPush = async (c: TestClient, topic = 'v1/devices/me/attributes') =>
  JSON.parse((await c.message(topic)).text) as Record<string, unknown>;
const sharedKeys = (deviceId: string) =>
  broker.hub.attributes.get(deviceId, 'SHARED').map((a) => a.key);

describe('assignment pushes the fw_* shared attributes (spec §11 "Assignment", §6.3)', () => {
  it.each([
    ['tcp', 4, 'v1/devices/me/attributes'],
    ['ws', 5, 'v2/a/j'],
  ] as const)(
    'over %s v%i on %s: exactly the attributes on assign, {"deleted":[…]} on unassign',
    async (transport, version, filter) => {
      const d = await newDevice(broker, `push-${transport}`);
      const c = await subscribed(d.token, filter, transport, version);
      const pkg = await upload(broker, FIRMWARE, { tag: 'stable', version: '1.0' });
      await broker.hub.ota.assign(pkg.id, { deviceId: d.name });
      const push = await c.message(filter);
      expect(JSON.parse(push.text)).toEqual({
        fw_title: pkg.title,
        fw_version: '1.0',
        fw_tag: 'stable',
        fw_size: 2500,
        fw_checksum_algorithm: 'SHA256',
        fw_checksum: sha256(FIRMWARE),
      });
      expect(push.text).toContain('"fw_version":"1.0"'); // a STRING, not the number 1.0
      expect(broker.hub.attributes.get(d.id, 'SHARED', ['fw_size'])[0]?.value).toEqual({
        type: 'LONG',
        value: 2500n,
      });
      expect(await broker.hub.ota.unassign('FIRMWARE', { deviceId: d.id })).toBe(true);
      const deleted = JSON.parse((await c.message(filter)).text) as { deleted: string[] };
      expect([...deleted.deleted].sort()).toEqual(FW_KEYS.filter((k) => k !== 'fw_url'));
      expect(sharedKeys(d.id)).toEqual([]);
      expect(await broker.hub.ota.unassign('FIRMWARE', { deviceId: d.id })).toBe(false);
      expect(c.messages).toHaveLength(0);
      await c.end();
    },
  );

  it('a URL package sets fw_url (no fw_size); an untagged package removes fw_tag; software uses sw_*', async () => {
    const d = await newDevice(broker, 'url-push');
    const c = await subscribed(d.token);
    const tagged = await upload(broker, FIRMWARE, { tag: 'beta' });
    await broker.hub.ota.assign(tagged.id, { deviceId: d.id });
    expect(await nextPush(c)).toHaveProperty('fw_tag', 'beta');
    const url = await broker.hub.ota.upload({
      title: 'url-push',
      version: '3.1',
      type: 'FIRMWARE',
      url: 'https://example.com/fw-3.1.bin',
    });
    await broker.hub.ota.assign(url.id, { deviceId: d.id });
    expect(await nextPush(c)).toEqual({
      fw_title: 'url-push',
      fw_version: '3.1',
      fw_url: 'https://example.com/fw-3.1.bin',
    });
    expect([...((await nextPush(c)).deleted as string[])].sort()).toEqual([
      'fw_checksum',
      'fw_checksum_algorithm',
      'fw_size',
      'fw_tag',
    ]);
    const sw = await upload(broker, testBytes(10, 3), { type: 'SOFTWARE' });
    await broker.hub.ota.assign(sw.id, { deviceId: d.id });
    expect(await nextPush(c)).toEqual({
      sw_title: sw.title,
      sw_version: '1.0',
      sw_size: 10,
      sw_checksum_algorithm: 'SHA256',
      sw_checksum: sha256(testBytes(10, 3)),
    });
    expect(sharedKeys(d.id).filter((k) => k.startsWith('fw_'))).toEqual([
      'fw_title',
      'fw_url',
      'fw_version',
    ]);
    await c.end();
  });

  it('writes fw_state QUEUED then INITIATED and target_fw_title/version/ts (spec §11 SHOULD)', async () => {
    const d = await newDevice(broker, 'queued');
    const pkg = await upload(broker, FIRMWARE, { version: '2.0' });
    const before = Date.now();
    await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
    const history = broker.hub.telemetry.history(d.id, {
      keys: ['fw_state'],
      startTs: 0,
      endTs: Date.now() + 10,
      order: 'ASC',
    });
    expect(
      history.map((p) => ('value' in p && typeof p.value === 'object' ? p.value.value : undefined)),
    ).toEqual(['QUEUED', 'INITIATED']);
    expect(history[1]?.ts).toBeGreaterThan(history[0]?.ts ?? Infinity);
    const latest = Object.fromEntries(
      broker.hub.telemetry
        .latest(d.id, ['target_fw_title', 'target_fw_version', 'target_fw_ts'])
        .map((p) => [p.key, p.value]),
    );
    expect(latest).toEqual({
      target_fw_title: { type: 'STRING', value: pkg.title },
      target_fw_version: { type: 'STRING', value: '2.0' },
      target_fw_ts: { type: 'LONG', value: expect.any(BigInt) as unknown },
    });
    expect(Number(latest.target_fw_ts?.value)).toBeGreaterThanOrEqual(before);
    expect(broker.hub.ota.status(d.name)[0]?.firmware).toMatchObject({
      packageId: pkg.id,
      state: 'INITIATED',
      targetVersion: '2.0',
    });
  });
});

describe("profile-level assignment (spec §11: the device's own assignment wins)", () => {
  it('applies to every device of the profile without its own; a device override and its removal', async () => {
    const profile = await broker.hub.profiles.create({ name: 'ota-fleet' });
    const [a, b] = [
      await newDevice(broker, 'fleet-a', profile.name),
      await newDevice(broker, 'fleet-b', profile.name),
    ];
    const [ca, cb] = [await subscribed(a.token), await subscribed(b.token)];
    const [p1, p2, p3] = [
      await upload(broker, testBytes(100, 1)),
      await upload(broker, testBytes(200, 2)),
      await upload(broker, testBytes(300, 3)),
    ];

    await broker.hub.ota.assign(p1.id, { profileId: profile.name });
    expect((await nextPush(ca)).fw_title).toBe(p1.title);
    expect((await nextPush(cb)).fw_title).toBe(p1.title);

    await broker.hub.ota.assign(p2.id, { deviceId: a.id }); // a's own assignment wins
    expect((await nextPush(ca)).fw_title).toBe(p2.title);
    await broker.hub.ota.assign(p3.id, { profileId: profile.id }); // reaches b only
    expect((await nextPush(cb)).fw_title).toBe(p3.title);
    expect(broker.hub.ota.resolve(a.id, 'FIRMWARE')?.id).toBe(p2.id);
    expect(broker.hub.ota.resolve(b.id, 'FIRMWARE')?.id).toBe(p3.id);
    expect(await requestChunk(ca, 'fw', 1, 0, '')).toEqual(testBytes(200, 2));
    expect(await requestChunk(cb, 'fw', 1, 0, '')).toEqual(testBytes(300, 3));

    await broker.hub.ota.unassign('FIRMWARE', { deviceId: a.id }); // the profile's package applies again
    expect(await nextPush(ca)).toMatchObject({ fw_title: p3.title, fw_size: 300 });
    expect(await requestChunk(ca, 'fw', 2, 0, '')).toEqual(testBytes(300, 3));

    await expect(broker.hub.ota.delete(p3.id)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
    });
    await broker.hub.ota.unassign('FIRMWARE', { profileId: profile.id });
    for (const c of [ca, cb]) {
      expect([...((await nextPush(c)).deleted as string[])].sort()).toEqual([
        'fw_checksum',
        'fw_checksum_algorithm',
        'fw_size',
        'fw_title',
        'fw_version',
      ]);
    }
    await broker.hub.ota.delete(p3.id);
    expect(() => broker.hub.ota.get(p3.id)).toThrow(/not found/);
    expect(ca.messages).toEqual([]);
    expect(cb.messages).toEqual([]);
    await Promise.all([ca.end(), cb.end()]);
  });
});

describe('device-reported progress (spec §11 "Device-reported state")', () => {
  it('tracks fw_state, fw_error and current_fw_* in status() and onChange', async () => {
    const d = await newDevice(broker, 'reporter');
    const pkg = await upload(broker, FIRMWARE, { version: '1.1' });
    await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
    const c = await connectDevice(broker, 'tcp', 5, { username: d.token });
    for (const state of ['DOWNLOADING', 'DOWNLOADED'])
      await c.publish('v1/devices/me/telemetry', JSON.stringify({ fw_state: state }));
    await c.publish('v2/t', JSON.stringify({ fw_state: 'FAILED', fw_error: 'checksum mismatch' }));
    expect(broker.hub.ota.status(d.id)[0]?.firmware).toMatchObject({
      state: 'FAILED',
      error: 'checksum mismatch',
    });
    await c.publish(
      'v1/devices/me/telemetry',
      JSON.stringify({
        fw_state: 'UPDATED',
        current_fw_title: pkg.title,
        current_fw_version: '1.1',
      }),
    );
    const status = broker.hub.ota.status().find((s) => s.deviceId === d.id);
    expect(status?.firmware).toMatchObject({
      packageId: pkg.id,
      state: 'UPDATED',
      currentTitle: pkg.title,
      currentVersion: '1.1',
      targetVersion: '1.1',
    });
    expect(status?.software).toMatchObject({ packageId: null, state: null });
    const states = changes
      .filter((x) => x.kind === 'state' && x.deviceId === d.id)
      .map((x) => (x.kind === 'state' ? [x.state, x.error] : []));
    expect(states).toEqual([
      ['QUEUED', null],
      ['INITIATED', null],
      ['DOWNLOADING', null],
      ['DOWNLOADED', null],
      ['FAILED', 'checksum mismatch'],
      ['UPDATED', null],
    ]);
    expect(
      changes.some((x) => x.kind === 'assigned' && x.deviceId === d.id && x.via === 'device'),
    ).toBe(true);
    await requestChunk(c, 'fw', 1, 0, '1000');
    await eventually(() =>
      expect(changes.filter((x) => x.kind === 'chunk' && x.deviceId === d.id)).toEqual([
        expect.objectContaining({ chunk: 0, offset: 0, bytes: 1000, fileSize: 2500 }),
      ]),
    );
    await c.end();
  });
});

describe('packages (operator side)', () => {
  it('computes each algorithm, verifies a given checksum, refuses duplicates and bad input', async () => {
    const data = testBytes(1000, 8);
    const md5 = await broker.hub.ota.upload({
      title: 'algo',
      version: 'md5',
      type: 'SOFTWARE',
      data,
      checksumAlgorithm: 'MD5',
    });
    expect(md5.checksum).toBe(createHash('md5').update(data).digest('hex'));
    const given = sha256(data).toUpperCase();
    expect(
      (
        await broker.hub.ota.upload({
          title: 'algo',
          version: 'given',
          type: 'FIRMWARE',
          data,
          checksum: given,
        })
      ).checksum,
    ).toBe(sha256(data));
    await expect(
      broker.hub.ota.upload({
        title: 'algo',
        version: 'bad',
        type: 'FIRMWARE',
        data,
        checksum: '00',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      broker.hub.ota.upload({ title: 'algo', version: 'md5', type: 'FIRMWARE', data }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(
      broker.hub.ota.upload({
        title: 'algo',
        version: 'x',
        type: 'FIRMWARE',
        data,
        checksumAlgorithm: 'SHA1',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      broker.hub.ota.upload({
        title: 'algo',
        version: 'y',
        type: 'FIRMWARE',
        data,
        url: 'https://x/y',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      broker.hub.ota.upload({ title: 'algo', version: 'z', type: 'FIRMWARE', url: 'not a url' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // only the two good uploads were stored (ids are random, so sort: both may share a createdAt)
    expect(
      broker.hub.ota
        .list()
        .filter((p) => p.title === 'algo')
        .map((p) => p.version)
        .sort(),
    ).toEqual(['given', 'md5']);
    expect(Buffer.from(broker.hub.ota.readData(md5.id))).toEqual(data);
    await expect(broker.hub.ota.assign(md5.id, { deviceId: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(broker.hub.ota.assign('nope', { profileId: 'default' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
