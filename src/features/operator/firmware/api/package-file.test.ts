import { describe, expect, it } from 'vitest';

import {
  chunkOf,
  formatBytes,
  guessTitleAndVersion,
  shortChecksum,
  toBase64,
} from './package-file.ts';

describe('package file helpers', () => {
  it('guesses title and version from usual firmware file names', () => {
    expect(guessTitleAndVersion('pump-fw-1.2.0.bin')).toEqual({
      title: 'pump-fw',
      version: '1.2.0',
    });
    expect(guessTitleAndVersion('thermo_v2.1-rc1.hex')).toEqual({
      title: 'thermo',
      version: '2.1-rc1',
    });
    expect(guessTitleAndVersion('agent 3.tar.gz')).toEqual({ title: 'agent', version: '3' });
    expect(guessTitleAndVersion('firmware.bin')).toBeNull();
    expect(guessTitleAndVersion('1.2.0.bin')).toBeNull();
  });

  it('encodes standard padded base64, also across the 32 KiB string slices', () => {
    expect(toBase64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=');
    expect(toBase64(new Uint8Array())).toBe('');
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    expect(Buffer.from(toBase64(big), 'base64').equals(Buffer.from(big))).toBe(true);
  });

  it('cuts chunks of chunkSize bytes, the last one shorter', () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    expect([...chunkOf(bytes, 0, 4)]).toEqual([0, 1, 2, 3]);
    expect([...chunkOf(bytes, 2, 4)]).toEqual([8, 9]);
    expect(chunkOf(bytes, 3, 4).length).toBe(0);
  });

  it('formats sizes and shortens checksums', () => {
    expect(formatBytes(1024 * 1024)).toBe('1.00 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12)).toBe('12 bytes');
    expect(shortChecksum('0123456789abcdef')).toBe('0123456789ab…');
    expect(shortChecksum('2639f4cb')).toBe('2639f4cb');
  });
});
