/**
 * OTA package checksums (spec §11 `fw_checksum_algorithm` / `fw_checksum`), shared by the dev broker
 * (which computes them on upload) and the console (which verifies a download). Pure: no node:*.
 *
 * The hex strings equal the reference platform's, which hashes with Guava (`Hashing.md5()`,
 * `sha256()`, `sha384()`, `sha512()`, `crc32()`, `murmur3_32()`, `murmur3_128()`) and prints
 * `HashCode.toString()`: the hash's bytes in order, two lowercase hex digits each.
 * - MD5 and SHA-2 hashes are byte strings already: the usual digest hex.
 * - CRC32 and MURMUR3_32 are `int` hashes. Guava's int HashCode stores the int as its 4
 *   LITTLE-ENDIAN bytes, so CRC-32("123456789") = 0xCBF43926 prints as `2639f4cb`, not `cbf43926`.
 * - MURMUR3_128 is the x64 128-bit variant (seed 0). Guava's bytes are h1 then h2, each 64-bit word
 *   little-endian: the same bytes that SMHasher's reference `MurmurHash3_x64_128` writes to `out` on
 *   a little-endian machine.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import CRC32 from 'crc-32';
import murmur from 'murmurhash3js-revisited';

/** The algorithms of spec §11, by their reference names. */
export const CHECKSUM_ALGORITHMS = [
  'MD5',
  'SHA256',
  'SHA384',
  'SHA512',
  'CRC32',
  'MURMUR3_32',
  'MURMUR3_128',
] as const;

export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The default algorithm of a package (spec §11). */
export const DEFAULT_CHECKSUM_ALGORITHM: ChecksumAlgorithm = 'SHA256';

/** Whether `name` is one of `CHECKSUM_ALGORITHMS` (exact, upper case). */
export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** The 4 little-endian bytes of a 32-bit int: Guava's `HashCode.fromInt(n).asBytes()`. */
export function int32LeBytes(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

/** MurmurHash3 x86 32-bit of `bytes` with `seed`, as Guava's (and SMHasher's) little-endian bytes. */
export function murmur3x86_32(bytes: Uint8Array, seed = 0): Uint8Array {
  return int32LeBytes(murmur.x86.hash32(bytes, seed));
}

/**
 * MurmurHash3 x64 128-bit of `bytes` with `seed`, as h1 then h2, each little-endian (Guava's and
 * SMHasher's byte order). The library prints h1 then h2 as big-endian hex, so each 8-byte half is
 * reversed here.
 */
export function murmur3x64_128(bytes: Uint8Array, seed = 0): Uint8Array {
  const hex = murmur.x64.hash128(bytes, seed);
  const out = new Uint8Array(16);
  for (let word = 0; word < 2; word++) {
    for (let i = 0; i < 8; i++) {
      // byte i of the little-endian word is hex byte (7 - i) of its big-endian spelling
      const at = word * 16 + (7 - i) * 2;
      out[word * 8 + i] = parseInt(hex.slice(at, at + 2), 16);
    }
  }
  return out;
}

/** An incremental checksum: feed the bytes in any number of pieces, then read the hex once. */
export interface ChecksumHasher {
  update(bytes: Uint8Array): ChecksumHasher;
  /** Lowercase hex, as `checksum` would give for all the bytes fed so far. */
  digest(): string;
}

/** The bytes of `parts` in order, in one array (the one part itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Starts an incremental checksum. MD5, SHA-2 and CRC32 keep only their running state; the MurmurHash3
 * library has no streaming API, so those two keep the pieces and hash them at `digest`.
 */
export function createChecksum(algorithm: ChecksumAlgorithm): ChecksumHasher {
  switch (algorithm) {
    case 'MD5':
    case 'SHA256':
    case 'SHA384':
    case 'SHA512': {
      const hash = { MD5: md5, SHA256: sha256, SHA384: sha384, SHA512: sha512 }[algorithm].create();
      const hasher: ChecksumHasher = {
        update(bytes) {
          hash.update(bytes);
          return hasher;
        },
        digest: () => bytesToHex(hash.digest()),
      };
      return hasher;
    }
    case 'CRC32': {
      // crc-32's seed is the CRC of the bytes before: feeding pieces in order gives the whole CRC
      let crc = 0;
      const hasher: ChecksumHasher = {
        update(bytes) {
          crc = CRC32.buf(bytes, crc);
          return hasher;
        },
        digest: () => bytesToHex(int32LeBytes(crc)),
      };
      return hasher;
    }
    case 'MURMUR3_32':
    case 'MURMUR3_128': {
      const parts: Uint8Array[] = [];
      const hash = algorithm === 'MURMUR3_32' ? murmur3x86_32 : murmur3x64_128;
      const hasher: ChecksumHasher = {
        update(bytes) {
          parts.push(bytes.slice());
          return hasher;
        },
        digest: () => bytesToHex(hash(concatBytes(parts))),
      };
      return hasher;
    }
  }
}

/** The checksum of `bytes` as lowercase hex, formatted as the reference platform formats it. */
export function checksum(bytes: Uint8Array, algorithm: ChecksumAlgorithm): string {
  return createChecksum(algorithm).update(bytes).digest();
}
