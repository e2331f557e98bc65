import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Correlator, RequestTimeoutError, requestIdSequence } from './correlator.ts';

describe('Correlator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles a pending key once; a late or unknown response is refused', async () => {
    const correlator = new Correlator<number, string>({ timeoutMs: 100 });
    const waiting = correlator.wait(1);
    expect(correlator.resolve(1, 'first')).toBe(true);
    expect(correlator.resolve(1, 'again')).toBe(false);
    expect(correlator.reject(1, new Error('late'))).toBe(false);
    expect(correlator.resolve(2, 'unknown')).toBe(false);
    await expect(waiting).resolves.toBe('first');
    expect(correlator.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times each request out on its own clock, with a RequestTimeoutError carrying the key', async () => {
    const correlator = new Correlator<string, string>({ timeoutMs: 1_000 });
    const short = correlator.wait('a', 50);
    const long = correlator.wait('b');
    const shortFailed = expect(short).rejects.toBeInstanceOf(RequestTimeoutError);
    vi.advanceTimersByTime(50);
    await shortFailed;
    await expect(short).rejects.toMatchObject({
      message: 'No response to a within 50 ms.',
      cause: 'a',
    });
    expect(correlator.keys()).toEqual(['b']);
    vi.advanceTimersByTime(950);
    await expect(long).rejects.toMatchObject({ name: 'RequestTimeoutError', cause: 'b' });
  });

  it('makes the timeout error the caller asks for', async () => {
    const correlator = new Correlator<number, string>({
      timeoutMs: 10,
      timeoutError: (id, ms) => new TypeError(`nothing for ${String(id)} in ${String(ms)}`),
    });
    const waiting = correlator.wait(4);
    vi.advanceTimersByTime(10);
    await expect(waiting).rejects.toThrow(new TypeError('nothing for 4 in 10'));
  });

  it('refuses to wait twice for the same key, and leaves the first waiter alone', async () => {
    const correlator = new Correlator<number, string>({ timeoutMs: 100 });
    const first = correlator.wait(3);
    const send = vi.fn(() => Promise.resolve());
    await expect(correlator.request(3, send)).rejects.toThrow(
      'A request for 3 is already pending.',
    );
    expect(send).not.toHaveBeenCalled();
    correlator.resolve(3, 'ok');
    await expect(first).resolves.toBe('ok');
  });

  it('request() waits before it sends, and a failed send rejects with its error', async () => {
    const correlator = new Correlator<number, string>({ timeoutMs: 100 });
    const answered = correlator.request(1, () => {
      // a response that arrives while sending is not lost
      correlator.resolve(1, 'fast');
      return Promise.resolve();
    });
    await expect(answered).resolves.toBe('fast');
    const failed = correlator.request(2, () => Promise.reject(new Error('not connected')));
    await expect(failed).rejects.toThrow('not connected');
    const thrown = correlator.request(3, () => {
      throw new Error('sync failure');
    });
    await expect(thrown).rejects.toThrow('sync failure');
    expect(correlator.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejectAll fails everything pending with a reason or a made error, and clears the timers', async () => {
    const correlator = new Correlator<number, string>({ timeoutMs: 100 });
    const a = correlator.wait(1);
    const b = correlator.wait(2);
    correlator.rejectAll('disposed');
    await expect(a).rejects.toMatchObject({ message: 'disposed', cause: 1 });
    await expect(b).rejects.toMatchObject({ message: 'disposed', cause: 2 });
    expect(vi.getTimerCount()).toBe(0);
    const c = correlator.wait(3);
    correlator.rejectAll((key) => new RangeError(`gone ${String(key)}`));
    await expect(c).rejects.toThrow(new RangeError('gone 3'));
  });
});

describe('requestIdSequence', () => {
  it('counts up from the first id and wraps to 1 after the largest signed 32-bit int', () => {
    const next = requestIdSequence(2_147_483_646);
    expect([next(), next(), next()]).toEqual([2_147_483_646, 2_147_483_647, 1]);
    const fresh = requestIdSequence();
    expect([fresh(), fresh()]).toEqual([1, 2]);
  });
});
