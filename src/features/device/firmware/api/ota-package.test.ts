import { describe, expect, it } from 'vitest';

import {
  OTA_SHARED_KEYS,
  otaPackageOf,
  pickOtaAttributes,
  verifiableAlgorithm,
} from './ota-package.ts';
import { applyOtaPush } from './ota-push-bridge.ts';

describe('fw_* / sw_* attributes', () => {
  it('lists every key the request asks for', () => {
    expect(OTA_SHARED_KEYS).toContain('fw_title');
    expect(OTA_SHARED_KEYS).toContain('sw_checksum_algorithm');
    expect(OTA_SHARED_KEYS).toHaveLength(14);
  });

  it('reads the announced package, or none without a title and version', () => {
    const attributes = {
      fw_title: 'thermo',
      fw_version: '1.2',
      fw_size: 2048,
      fw_checksum_algorithm: 'sha256',
      fw_checksum: 'ABCD',
      sw_title: 'app',
    };
    expect(otaPackageOf(attributes, 'fw')).toEqual({
      title: 'thermo',
      version: '1.2',
      size: 2048,
      checksumAlgorithm: 'SHA256',
      checksum: 'abcd',
      tag: null,
      url: null,
    });
    expect(otaPackageOf(attributes, 'sw')).toBeNull();
  });

  it('verifies only with a known algorithm and a checksum', () => {
    const pkg = otaPackageOf(
      { fw_title: 't', fw_version: '1', fw_checksum_algorithm: 'SHA1', fw_checksum: 'ab' },
      'fw',
    );
    expect(pkg && verifiableAlgorithm(pkg)).toBeNull();
    const crc = otaPackageOf(
      { fw_title: 't', fw_version: '1', fw_checksum_algorithm: 'CRC32', fw_checksum: 'ab' },
      'fw',
    );
    expect(crc && verifiableAlgorithm(crc)).toBe('CRC32');
  });

  it('keeps only OTA keys', () => {
    expect(pickOtaAttributes({ fw_title: 'a', targetTemp: 1, sw_url: 'u' })).toEqual({
      fw_title: 'a',
      sw_url: 'u',
    });
  });
});

describe('applying shared-attribute pushes', () => {
  it('merges OTA updates and ignores other keys', () => {
    expect(applyOtaPush({ fw_title: 'a' }, '{"fw_version":"2","targetTemp":21}')).toEqual({
      fw_title: 'a',
      fw_version: '2',
    });
    expect(applyOtaPush({ fw_title: 'a' }, '{"targetTemp":21}')).toBeNull();
  });

  it('removes deleted keys (an unassignment)', () => {
    expect(
      applyOtaPush(
        { fw_title: 'a', fw_version: '1', sw_title: 's' },
        '{"deleted":["fw_title","fw_version"]}',
      ),
    ).toEqual({
      sw_title: 's',
    });
    expect(applyOtaPush({ sw_title: 's' }, '{"deleted":["x"]}')).toBeNull();
    expect(applyOtaPush({}, 'not json')).toBeNull();
  });
});
