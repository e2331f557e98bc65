import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { parseConfig } from '../config/config-file.ts';
import { defaultSettings } from '../config/settings.ts';
import { createHub, type Hub } from '../platform/hub.ts';
import { createLogger } from '../platform/logger.ts';
import { MAX_TIMER_DELAY_MS, setLongTimeout } from '../platform/long-timer.ts';
import { OperatorAccounts } from '../platform/operator-accounts.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';

const DAY = 86_400_000;

describe('timers longer than setTimeout allows (2^31-1 ms)', () => {
  beforeEach(() => {
    // setInterval stays real: the hub's 1 s activity tick would otherwise run 2.6 million times
    vi.useFakeTimers({
      now: new Date('2030-01-01T00:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('setLongTimeout fires at its time, not at once, and can be cancelled', () => {
    const fired: number[] = [];
    const start = Date.now();
    setLongTimeout(() => fired.push(Date.now() - start), start + 40 * DAY);
    const cancelled = setLongTimeout(() => fired.push(-1), start + 30 * DAY);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1000);
    expect(fired).toEqual([]);
    cancelled.cancel();
    vi.advanceTimersByTime(40 * DAY);
    expect(fired).toEqual([40 * DAY]);
  });

  it('a persistent RPC expiring in 30 days stays QUEUED after 25 days and expires at 30', async () => {
    const hub: Hub = await createHub(
      createMemoryStorage(),
      defaultSettings(),
      createLogger('silent'),
      new OperatorAccounts({}),
    );
    const { device } = await hub.devices.create({ name: 'far-away' });
    const sent = await hub.rpc.send({
      deviceId: device.id,
      method: 'later',
      persistent: true,
      expirationTime: Date.now() + 30 * DAY,
    });
    if (sent.kind !== 'persistent') throw new Error('expected a persistent RPC');
    await vi.advanceTimersByTimeAsync(25 * DAY);
    expect(hub.rpc.get(sent.rpcId).status).toBe('QUEUED');
    await vi.advanceTimersByTimeAsync(5 * DAY - 1000);
    expect(hub.rpc.get(sent.rpcId).status).toBe('QUEUED');
    await vi.advanceTimersByTimeAsync(2000);
    expect(hub.rpc.get(sent.rpcId).status).toBe('EXPIRED');
    hub.dispose();
  });
});

describe('timer settings', () => {
  it('refuses a timer setting setTimeout cannot honour, naming it', () => {
    expect(() => parseConfig({ settings: { rpcAckTimeoutMs: 30 * DAY } })).toThrow(
      /settings\.rpcAckTimeoutMs: must be at most 2147483647 ms/,
    );
  });
});
