import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseOperatorEventTopic } from '../../src/protocol/operator-events.ts';
import { eventLine } from '../cli/iothub/event-lines.ts';

import { spawnCliBroker, type CliBroker } from './support/cli-broker.ts';
import { testBytes } from './support/ota-fixtures.ts';

// One spawned broker for the whole file; the CLI runs in-process (runIothub), except the one upload
// that goes through the bin shim to show the progress line on a real stderr.
let cli: CliBroker;
beforeAll(async () => {
  cli = await spawnCliBroker('iothub-cli-ota-');
}, 30_000);
afterAll(async () => {
  await cli.stop();
});

const all: CliBroker['all'] = (...runs) => cli.all(...runs);

describe('npx iothub claim | reclaim | customers', () => {
  it('claims a device that registered over MQTT, refuses CLAIMED and unknown devices, reclaims', async () => {
    const [created, none, ghost, usage] = await all(
      ['devices', 'create', '--name', 'pump-9', '--token', 'P9'],
      ['customers'],
      ['claim', 'ghost', '--customer', 'acme'],
      ['claim', 'pump-9'],
    );
    expect(created.code).toBe(0);
    expect(none).toMatchObject({ code: 0, out: '(no customers)\n' });
    expect(ghost).toMatchObject({
      code: 1,
      err: 'iothub: NOT_FOUND: device named ghost was not found\n',
    });
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/claim needs --customer <name>/);

    const device = await mqtt.connectAsync(cli.mqttUrl, { username: 'P9', reconnectPeriod: 0 });
    await device.publishAsync('v1/devices/me/claim', '{"secretKey":"s3","durationMs":60000}', {
      qos: 1,
    });
    await device.endAsync();
    const [wrong] = await all(['claim', 'pump-9', '--customer', 'acme', '--secret', 'nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe(
      'iothub: FAILED_PRECONDITION: FAILURE: the secretKey does not match the one device pump-9 registered; the registration was removed, the device must register again\n',
    );
    const again = await mqtt.connectAsync(cli.mqttUrl, { username: 'P9', reconnectPeriod: 0 });
    await again.publishAsync('v1/devices/me/claim', '{"secretKey":"s3"}', { qos: 1 });
    await again.endAsync();

    expect(await cli.ok(['claim', 'pump-9', '--customer', 'acme', '--secret', 's3'])).toMatch(
      /^claimed pump-9 for customer acme \([0-9a-f-]{36}\)\n$/,
    );
    const [claimed, customers] = await all(
      ['claim', 'pump-9', '--customer', 'acme', '--json'],
      ['customers'],
    );
    expect(claimed.code).toBe(1);
    expect(claimed.err).toBe(
      'iothub: FAILED_PRECONDITION: CLAIMED: device pump-9 already belongs to customer acme; reclaim it first\n',
    );
    expect(JSON.parse(claimed.out)).toMatchObject({
      error: { code: 'FAILED_PRECONDITION', details: { result: 'CLAIMED', customerName: 'acme' } },
    });
    expect(customers.out).toMatch(/^NAME\s+ID\s+DEVICES\s+CREATED\nacme\s+\S+\s+1\s+\d{4}-/);
    const [released, json] = await all(['reclaim', 'pump-9'], ['reclaim', 'pump-9', '--json']);
    const outs = [released.out, json.out].join('');
    expect(outs).toMatch(/released pump-9 from customer acme|"released": true/);
  }, 60_000);
});

describe('npx iothub ota', () => {
  it('upload (progress on stderr) | list | get | assign | status | unassign | delete, and the errors', async () => {
    const image = testBytes(200_000, 9);
    const fw = join(cli.dataDir, 'fw.bin');
    writeFileSync(fw, image);
    const up = await cli.spawn(['ota', 'upload', 'fw.bin', '--title', 'pump', '--version', '1.2']);
    expect(up.code).toBe(0);
    const sha = createHash('sha256').update(image).digest('hex');
    expect(up.out).toMatch(
      new RegExp(
        `^uploaded pump 1\\.2 \\([0-9a-f-]{36}\\)\\ntype:\\s+FIRMWARE\\nsize:\\s+195\\.3 KiB\\nchecksum:\\s+SHA256 ${sha}\\nfileName:\\s+fw\\.bin\\n$`,
      ),
    );
    expect(up.err).toMatch(
      /^uploading fw\.bin: 195\.3 KiB of 195\.3 KiB \(100%\), \S+ \S+\/s, 7 chunks of 32\.0 KiB\n$/,
    );

    const [url, md5, missing, mismatch, noTitle, badType, get] = await all(
      [
        'ota',
        'upload',
        '--package-url',
        'https://example.com/sw-2.tar',
        '--title',
        'pump-sw',
        '--version',
        '2',
        '--type',
        'software',
        '--json',
      ],
      [
        'ota',
        'upload',
        fw,
        '--title',
        'pump',
        '--version',
        '1.3',
        '--type',
        'SOFTWARE',
        '--alg',
        'md5',
        '--json',
      ],
      ['ota', 'upload', 'nope.bin', '--title', 'x', '--version', '1'],
      ['ota', 'upload', fw, '--title', 'bad', '--version', '1', '--checksum', '00ff'],
      ['ota', 'upload', fw, '--version', '1'],
      ['ota', 'upload', fw, '--title', 'x', '--version', '1', '--type', 'bios'],
      ['ota', 'get', 'pump@1.2'],
    );
    expect(JSON.parse(url.out)).toMatchObject({
      title: 'pump-sw',
      type: 'SOFTWARE',
      url: 'https://example.com/sw-2.tar',
      size: 0,
    });
    expect(JSON.parse(md5.out)).toMatchObject({
      version: '1.3',
      type: 'SOFTWARE',
      checksumAlgorithm: 'MD5',
      checksum: createHash('md5').update(image).digest('hex'),
    });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read nope\.bin: ENOENT/);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toMatch(
      new RegExp(
        `iothub: INVALID_ARGUMENT: checksum mismatch: SHA256 of the data is ${sha}, not 00ff\\n$`,
      ),
    );
    expect(noTitle).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /ota upload needs --title <title> and --version <version>/,
      ) as unknown,
    });
    expect(badType).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--type must be FIRMWARE or SOFTWARE, got "bios"/) as unknown,
    });

    const [list, assign, ambiguous, taken] = await all(
      ['ota', 'list'],
      ['ota', 'assign', 'pump@1.2', '--device', 'pump-9'],
      ['ota', 'get', 'pump'],
      ['ota', 'upload', fw, '--title', 'pump', '--version', '1.2'],
    );
    expect(list.out).toMatch(/^TITLE\s+VERSION\s+TYPE\s+SIZE\s+CHECKSUM\s+ID\s+CREATED\n/);
    expect(list.out).toMatch(/pump\s+1\.2\s+FIRMWARE\s+195\.3 KiB\s+SHA256 [0-9a-f]{16}…/);
    expect(list.out).toMatch(/pump-sw\s+2\s+SOFTWARE\s+https:\/\/example\.com\/sw-2\.tar\s+-/);
    expect(get.out).toMatch(/title:\s+pump\n[\s\S]*assigned to: -\n$/);
    expect(assign).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^assigned FIRMWARE package \S+ to device pump-9\n$/) as unknown,
    });
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/pump names 2 packages; use title@version or the id/);
    expect(taken.err).toBe('iothub: ALREADY_EXISTS: a package pump 1.2 already exists\n');

    const [status, everyone, assigned, busy, both] = await all(
      ['ota', 'status', 'pump-9'],
      ['ota', 'status', '--json'],
      ['ota', 'get', 'pump@1.2'],
      ['ota', 'delete', 'pump@1.2'],
      ['ota', 'assign', 'pump@1.2', '--device', 'pump-9', '--profile', 'default'],
    );
    expect(status.out).toMatch(
      /^DEVICE\s+FW STATE\s+FW CURRENT\s+FW TARGET\s+SW STATE\s+SW CURRENT\s+SW TARGET\npump-9\s+INITIATED\s+-\s+pump 1\.2\s+-\s+-\s+-\n$/,
    );
    expect((JSON.parse(everyone.out) as { deviceName: string }[]).map((s) => s.deviceName)).toEqual(
      ['pump-9'],
    );
    expect(assigned.out).toMatch(/assigned to: device pump-9\n$/);
    expect(busy.err).toBe(
      'iothub: FAILED_PRECONDITION: package pump 1.2 is still assigned (1); unassign it first\n',
    );
    expect(both).toMatchObject({
      code: 2,
      err: expect.stringMatching(/give either --device <device> or --profile <profile>/) as unknown,
    });

    const [unassigned, deleted] = await all(
      ['ota', 'unassign', '--device', 'pump-9'],
      ['ota', 'delete', 'pump-sw@2'],
    );
    expect(unassigned.out).toBe('unassigned FIRMWARE from device pump-9\n');
    expect(deleted.out).toMatch(/^deleted package [0-9a-f-]{36}\n$/);
    const [again, gone] = await all(
      ['ota', 'unassign', '--device', 'pump-9', '--type', 'firmware'],
      ['ota', 'delete', 'pump@1.2'],
    );
    const unknown = await cli.iothub(['ota', 'get', 'pump@9']);
    expect(again.out).toBe('device pump-9 had no FIRMWARE assignment of its own\n');
    expect(gone.code).toBe(0);
    expect(unknown).toMatchObject({
      code: 1,
      err: 'iothub: no OTA package pump@9 (packages: pump@1.3)\n',
    });
  }, 120_000);
});

describe('readable claim, provision and ota event lines (events --follow)', () => {
  it('summarises each change in words', () => {
    const line = (topic: string, body: object) =>
      eventLine(parseOperatorEventTopic(topic) ?? { scope: 'broker', kind: 'error' }, body).replace(
        /^\S+\s+/,
        '',
      );
    expect(
      line('operator/v1/events/d1/claim', {
        deviceId: 'd1',
        deviceName: 'pump-9',
        change: 'claimed',
        result: 'SUCCESS',
        customerId: 'c',
        customerName: 'acme',
      }),
    ).toBe('claim       pump-9  claim SUCCESS (customer acme)');
    expect(
      line('operator/v1/events/_broker/provision', {
        deviceId: null,
        deviceName: 'x',
        profileName: null,
        provisionType: null,
        status: 'NOT_FOUND',
        credentialsType: null,
      }),
    ).toBe('provision   x  provisioning NOT_FOUND');
    expect(
      line('operator/v1/events/d1/ota', {
        deviceId: 'd1',
        deviceName: 'pump-9',
        change: 'state',
        type: 'FIRMWARE',
        state: 'FAILED',
        error: 'bad image',
        ts: 1,
      }),
    ).toBe('ota         pump-9  FIRMWARE state FAILED: bad image');
    expect(
      line('operator/v1/events/d1/ota', {
        deviceId: 'd1',
        deviceName: 'pump-9',
        change: 'chunk',
        type: 'FIRMWARE',
        packageId: 'p',
        requestId: 1,
        chunk: 2,
        offset: 2048,
        bytes: 1024,
        fileSize: 5000,
      }),
    ).toBe('ota         pump-9  FIRMWARE chunk 2 served: 1024 bytes at 2048 of 5000');
  });
});
