import { describe, expect, it } from 'vitest';

import {
  CHECKSUM_ALGORITHMS,
  checksum,
  createChecksum,
  isChecksumAlgorithm,
  murmur3x64_128,
  murmur3x86_32,
} from './checksum.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('checksum: digest algorithms (standard vectors)', () => {
  it.each([
    // RFC 1321 appendix A.5 test suite
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
  ])('MD5 %j (RFC 1321)', (input, hex) => {
    expect(checksum(ascii(input), 'MD5')).toBe(hex);
  });

  it.each([
    // FIPS 180-2 appendix B / NIST "SHA256.pdf" examples
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('SHA256 %j (FIPS 180-2)', (input, hex) => {
    expect(checksum(ascii(input), 'SHA256')).toBe(hex);
  });

  it('SHA384 and SHA512 of "abc" (FIPS 180-2 appendices D.1 and C.1)', () => {
    expect(checksum(ascii('abc'), 'SHA384')).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(checksum(ascii('abc'), 'SHA512')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
});

describe('checksum: int hashes in Guava byte order', () => {
  it('CRC32 check value: CRC-32("123456789") = 0xCBF43926, printed little-endian as Guava does', () => {
    expect(checksum(ascii('123456789'), 'CRC32')).toBe('2639f4cb');
    expect(checksum(new Uint8Array(0), 'CRC32')).toBe('00000000');
  });

  /**
   * SMHasher's VerificationTest (main.cpp / KeysetTest.cpp): hash the keys {}, {0}, {0,1}, … {0..254}
   * with seed 256 - length, write each hash's bytes as the reference writes them (little-endian
   * words) into one buffer, hash that buffer with seed 0, and read its first 4 bytes little-endian.
   * The reference values are MurmurHash3_x86_32 = 0xB0F57EE3 and MurmurHash3_x64_128 = 0x6384BA69.
   * Because the test reads the hash bytes, it also checks the byte order this module prints.
   */
  function verification(
    hash: (bytes: Uint8Array, seed: number) => Uint8Array,
    hashBytes: number,
  ): number {
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(hashBytes * 256);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      hashes.set(hash(key.subarray(0, i), 256 - i), i * hashBytes);
    }
    const final = hash(hashes, 0);
    return new DataView(final.buffer, final.byteOffset).getUint32(0, true);
  }

  it('MURMUR3_32 passes the SMHasher verification test (0xB0F57EE3)', () => {
    expect(verification(murmur3x86_32, 4)).toBe(0xb0f57ee3);
  });

  it('MURMUR3_128 passes the SMHasher verification test (0x6384BA69)', () => {
    expect(verification(murmur3x64_128, 16)).toBe(0x6384ba69);
  });

  it('MURMUR3_128 prints h1 then h2, each little-endian (h1=0xe34bbc7bbc071b6c, h2=0x7a433ca9c49a9347)', () => {
    // The x64 128-bit hash of this sentence with seed 0, as (h1, h2), is a widely published vector.
    expect(checksum(ascii('The quick brown fox jumps over the lazy dog'), 'MURMUR3_128')).toBe(
      '6c1b07bc7bbc4be347939ac4a93c437a',
    );
  });

  it('MURMUR3_32 of the empty input: 0 with seed 0, 0x514E28B7 with seed 1 (little-endian bytes)', () => {
    expect(checksum(new Uint8Array(0), 'MURMUR3_32')).toBe('00000000');
    expect([...murmur3x86_32(new Uint8Array(0), 1)]).toEqual([0xb7, 0x28, 0x4e, 0x51]);
  });
});

describe('checksum: incremental use and names', () => {
  const data = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31 + 7) & 0xff);

  it.each(CHECKSUM_ALGORITHMS)('%s: pieces of any size give the one-shot checksum', (algorithm) => {
    const whole = checksum(data, algorithm);
    const hasher = createChecksum(algorithm);
    for (let at = 0; at < data.length; at += 4099) hasher.update(data.subarray(at, at + 4099));
    expect(hasher.digest()).toBe(whole);
    expect(whole).toMatch(/^[0-9a-f]+$/);
    // a different input gives a different checksum
    expect(checksum(data.subarray(1), algorithm)).not.toBe(whole);
  });

  it('knows exactly the algorithm names of spec §11', () => {
    expect(isChecksumAlgorithm('SHA256')).toBe(true);
    expect(isChecksumAlgorithm('sha256')).toBe(false);
    expect(isChecksumAlgorithm('SHA1')).toBe(false);
    expect(CHECKSUM_ALGORITHMS).toHaveLength(7);
  });
});
