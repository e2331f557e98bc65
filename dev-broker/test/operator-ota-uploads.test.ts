import { describe, expect, it, vi } from 'vitest';

import { OtaUploads, uploadChunkSize } from '../operator/ota-uploads.ts';

const meta = (title: string, size: number) => ({
  title,
  version: '1',
  type: 'FIRMWARE' as const,
  size,
});

describe('OtaUploads (the operator API’s chunked uploads in memory)', () => {
  it('uses half of maxPayloadSize in whole KiB, from 256 bytes to 64 KiB', () => {
    expect(uploadChunkSize(65_536)).toBe(32_768);
    expect(uploadChunkSize(10_000)).toBe(4096);
    expect(uploadChunkSize(1000)).toBe(256);
    expect(uploadChunkSize(1024 * 1024)).toBe(65_536);
  });

  it('drops an upload after idleMs without a call; every call restarts the clock', () => {
    vi.useFakeTimers();
    try {
      const uploads = new OtaUploads({ maxUploads: 8, maxReservedBytes: 1000, idleMs: 150 });
      const a = uploads.start(meta('a', 20), 10);
      vi.advanceTimersByTime(149);
      uploads.chunk(a.id, 0, Buffer.alloc(10));
      vi.advanceTimersByTime(149); // 298 ms after the start: alive, the chunk restarted the clock
      expect(uploads.chunk(a.id, 1, Buffer.alloc(10))).toEqual({
        received: 20,
        size: 20,
        chunksReceived: 2,
        chunks: 2,
      });
      vi.advanceTimersByTime(149);
      expect(uploads.size).toBe(1);
      vi.advanceTimersByTime(1);
      expect(uploads.size).toBe(0);
      expect(() => uploads.complete(a.id)).toThrow(/was dropped after 0\.15 s without a call/);
      uploads.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds at most maxUploads uploads and maxReservedBytes of declared sizes', () => {
    const uploads = new OtaUploads({ maxUploads: 2, maxReservedBytes: 100, idleMs: 60_000 });
    const a = uploads.start(meta('a', 60), 10);
    expect(() => uploads.start(meta('b', 41), 10)).toThrow(
      'uploads in progress already hold 60 of 100 bytes; 41 more do not fit',
    );
    uploads.start(meta('b', 40), 10);
    expect(() => uploads.start(meta('c', 1), 10)).toThrow(
      /^2 uploads are in progress, the most the broker holds at once; finish or abort one/,
    );
    uploads.abort(a.id);
    expect(uploads.start(meta('c', 1), 10).chunks).toBe(1);
    uploads.dispose();
    expect(uploads.size).toBe(0);
  });

  it('assembles chunks by index into exactly the declared size', () => {
    const uploads = new OtaUploads();
    const u = uploads.start(meta('x', 5), 2);
    uploads.chunk(u.id, 2, Buffer.from([5]));
    uploads.chunk(u.id, 0, Buffer.from([9, 9]));
    uploads.chunk(u.id, 1, Buffer.from([3, 4]));
    uploads.chunk(u.id, 0, Buffer.from([1, 2]));
    const { data, meta: m } = uploads.complete(u.id);
    expect([...data]).toEqual([1, 2, 3, 4, 5]);
    expect(m.title).toBe('x');
    expect(uploads.size).toBe(0);
  });
});
