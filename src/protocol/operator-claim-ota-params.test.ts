import { describe, expect, it } from 'vitest';

import { describeParamIssues, parseOperatorParams, type OperatorMethod } from './operator-api.ts';

const problems = (method: OperatorMethod, params: unknown): string => {
  const r = parseOperatorParams(method, params);
  return r.ok ? 'ok' : describeParamIssues(r.issues);
};

describe('claiming and OTA params: precise messages', () => {
  it.each([
    ['claim.claim', { deviceName: 'd' }, 'customer: customer must be a string'],
    ['claim.claim', { customer: 'c' }, '(params): give deviceId or deviceName'],
    ['claim.claim', { deviceName: 'd', customer: '' }, 'customer: customer must not be empty'],
    [
      'claim.claim',
      { deviceName: 'd', customer: 'c', secretKey: 1 },
      'secretKey: secretKey must be a string',
    ],
    ['claim.claim', { deviceName: 'd', customer: 'c', secretKey: '' }, 'ok'],
    ['claim.reclaim', {}, '(params): give deviceId or deviceName'],
    ['ota.list', { type: 'BIOS' }, 'type: type must be FIRMWARE or SOFTWARE'],
    ['ota.get', {}, 'packageId: packageId must be a string'],
    [
      'ota.assign',
      { packageId: 'p' },
      '(params): give one of deviceId, deviceName, profileId, profileName',
    ],
    [
      'ota.assign',
      { packageId: 'p', deviceName: 'd', profileName: 'f' },
      '(params): give only one of deviceId, deviceName, profileId, profileName, not deviceName and profileName',
    ],
    ['ota.unassign', { deviceName: 'd' }, 'type: type must be FIRMWARE or SOFTWARE'],
    [
      'ota.status',
      { deviceId: 'a', deviceName: 'b' },
      '(params): give either deviceId or deviceName, not both',
    ],
    ['ota.upload', { title: 't', version: '1' }, '(params): give size or url'],
    [
      'ota.upload',
      { title: 't', version: '1', size: 1, url: 'https://x.io/a' },
      '(params): give either size or url, not both',
    ],
    ['ota.upload', { title: 't', version: '1', size: 0 }, 'size: size must be at least 1 byte'],
    [
      'ota.upload',
      { title: 't', version: '1', size: 16 * 1024 * 1024 + 1 },
      'size: size must be at most 16777216 bytes (16 MiB)',
    ],
    [
      'ota.upload',
      { title: 't', version: '1', url: 'ftp://x.io/a' },
      'url: url must be an absolute http:// or https:// URL',
    ],
    [
      'ota.upload',
      { title: 't', version: '1', size: 1, checksumAlgorithm: 'SHA1' },
      'checksumAlgorithm: checksumAlgorithm must be one of MD5, SHA256, SHA384, SHA512, CRC32, MURMUR3_32, MURMUR3_128',
    ],
    [
      'ota.upload',
      { title: 't', version: '1', size: 1, checksum: 'xyz' },
      'checksum: checksum must be hexadecimal',
    ],
    ['ota.upload', { title: '', version: '1', size: 1 }, 'title: title must not be empty'],
    [
      'ota.upload',
      { title: 't', version: '1', size: 1, type: 'BIOS' },
      'type: type must be FIRMWARE or SOFTWARE',
    ],
    [
      'ota.upload.chunk',
      { uploadId: 'u', index: -1, data: 'AA==' },
      'index: index must be 0 or more',
    ],
    [
      'ota.upload.chunk',
      { uploadId: 'u', index: 0, data: 'AA=' },
      'data: data must be standard base64 (A-Z a-z 0-9 + /, padded with =)',
    ],
    [
      'ota.upload.chunk',
      { uploadId: 'u', index: 0, data: 'AA-_' },
      'data: data must be standard base64 (A-Z a-z 0-9 + /, padded with =)',
    ],
    ['ota.upload.chunk', { uploadId: 'u', index: 0, data: '' }, 'data: data must not be empty'],
    ['ota.upload.finish', { uploadId: 'u', index: 0 }, '(params): Unrecognized key: "index"'],
  ] as const)('%s %j → %s', (method, params, message) => {
    expect(problems(method, params)).toBe(message);
  });

  it('ota.upload defaults its type to FIRMWARE', () => {
    expect(parseOperatorParams('ota.upload', { title: 't', version: '1', size: 5 })).toEqual({
      ok: true,
      value: { title: 't', version: '1', size: 5, type: 'FIRMWARE' },
    });
  });
});
