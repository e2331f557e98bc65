import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RequestTimeoutError, RequestTracker } from './request-tracker.ts';

describe('RequestTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands out increasing ids and skips ones still pending', () => {
    const tracker = new RequestTracker<string>({ timeoutMs: 100, firstId: 7 });
    expect(tracker.nextId()).toBe(7);
    void tracker.wait(8).catch(() => undefined);
    expect(tracker.nextId()).toBe(9);
  });

  it('wraps to 1 after the largest signed 32-bit id', () => {
    const tracker = new RequestTracker<string>({ timeoutMs: 100, firstId: 2_147_483_647 });
    expect(tracker.nextId()).toBe(2_147_483_647);
    expect(tracker.nextId()).toBe(1);
  });

  it('resolves a pending id once; a late or unknown response is refused', async () => {
    const tracker = new RequestTracker<string>({ timeoutMs: 100 });
    const waiting = tracker.wait(1);
    expect(tracker.resolve(1, 'first')).toBe(true);
    expect(tracker.resolve(1, 'again')).toBe(false);
    expect(tracker.resolve(2, 'unknown')).toBe(false);
    await expect(waiting).resolves.toBe('first');
    expect(tracker.size).toBe(0);
  });

  it('rejects with a RequestTimeoutError carrying the id once its own timeout passes', async () => {
    const tracker = new RequestTracker<string>({
      timeoutMs: 1_000,
      describeTimeout: (id, ms) => `no answer to ${id} in ${ms} ms`,
    });
    const short = tracker.wait(1, 50);
    const long = tracker.wait(2);
    const shortFailed = expect(short).rejects.toThrow('no answer to 1 in 50 ms');
    vi.advanceTimersByTime(50);
    await shortFailed;
    await expect(short.catch((error: unknown) => error)).resolves.toBeInstanceOf(
      RequestTimeoutError,
    );
    expect(tracker.has(2)).toBe(true);
    vi.advanceTimersByTime(950);
    await expect(long).rejects.toMatchObject({ name: 'RequestTimeoutError', cause: 2 });
  });

  it('refuses to wait twice for the same id', async () => {
    const tracker = new RequestTracker<string>({ timeoutMs: 100 });
    void tracker.wait(3).catch(() => undefined);
    await expect(tracker.wait(3)).rejects.toThrow('Request 3 is already pending.');
  });

  it('rejectAll fails everything pending and clears the timers', async () => {
    const tracker = new RequestTracker<string>({ timeoutMs: 100 });
    const a = tracker.wait(1);
    const b = tracker.wait(2);
    tracker.rejectAll('disposed');
    await expect(a).rejects.toMatchObject({ message: 'disposed', cause: 1 });
    await expect(b).rejects.toMatchObject({ message: 'disposed', cause: 2 });
    expect(vi.getTimerCount()).toBe(0);
    expect(tracker.reject(1, new Error('late'))).toBe(false);
  });
});
