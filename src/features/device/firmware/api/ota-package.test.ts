import { describe, expect, it } from 'vitest';

import { OTA_SHARED_KEYS, otaPackageOf, verifiableAlgorithm } from './ota-package.ts';

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
});
