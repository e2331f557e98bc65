import { describe, expect, it } from 'vitest';

import { AckQueue } from '../aedes/ack-queue.ts';

/**
 * aedes parses a batch of packets and reads the socket again only once every packet's handler has
 * called `done`. These tests play that part: each "publish" reserves a slot and releases its reader
 * callback, as aedes-adapter.ts does.
 */
describe('AckQueue (per-connection ordered acknowledgements with backpressure)', () => {
  it('runs every deferred reader callback, in order, once acknowledgements go out', () => {
    const queue = new AckQueue(2);
    const resumed: number[] = [];
    const settles = [1, 2, 3, 4, 5].map((n) => {
      const settle = queue.reserve();
      queue.release(() => resumed.push(n));
      return settle;
    });
    // one parsed batch of 5 publishes with a limit of 2: the first goes on, the others wait
    expect(resumed).toEqual([1]);

    const acked: number[] = [];
    settles.forEach((settle, i) => {
      settle(() => acked.push(i + 1));
    });
    expect(acked).toEqual([1, 2, 3, 4, 5]);
    expect(resumed).toEqual([1, 2, 3, 4, 5]);
    expect(queue.waiting).toBe(0);
    expect(queue.deferred).toBe(0);
  });

  it('holds every reader callback while the write side is blocked, and runs them in order once it drains', () => {
    const queue = new AckQueue(100);
    const resumed: number[] = [];
    queue.release(() => resumed.push(1));
    queue.writeBlocked(true);
    queue.release(() => resumed.push(2));
    queue.release(() => resumed.push(3));
    expect(resumed).toEqual([1]);
    expect(queue.deferred).toBe(2);
    queue.writeBlocked(false);
    expect(resumed).toEqual([1, 2, 3]);
    expect(queue.deferred).toBe(0);
  });

  it('keeps the reader paused while the limit is reached and resumes one ack at a time', () => {
    const queue = new AckQueue(2);
    const resumed: number[] = [];
    const settles = [1, 2, 3].map((n) => {
      const settle = queue.reserve();
      queue.release(() => resumed.push(n));
      return settle;
    });
    expect(resumed).toEqual([1]);
    settles[0]?.(() => undefined); // 2 still wait: at the limit
    expect(resumed).toEqual([1]);
    settles[1]?.(() => undefined); // 1 waits: below the limit, the deferred callbacks run
    expect(resumed).toEqual([1, 2, 3]);
  });

  it('writes acknowledgements in arrival order even when commits finish out of order', () => {
    const queue = new AckQueue(10);
    const order: string[] = [];
    const a = queue.reserve();
    const b = queue.reserve();
    const c = queue.reserve();
    c(() => order.push('c'));
    a(() => order.push('a'));
    expect(order).toEqual(['a']);
    b(() => order.push('b'));
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('resumes re-entrantly: aedes parses the next packets from inside a resumed callback', () => {
    const queue = new AckQueue(2);
    const resumed: string[] = [];
    const first = queue.reserve();
    queue.release(() => resumed.push('first'));
    const second = queue.reserve();
    queue.release(() => {
      resumed.push('second');
      // the batch is complete: aedes reads the socket and parses two more publishes at once
      for (const name of ['third', 'fourth']) {
        queue.reserve()(() => undefined);
        queue.release(() => resumed.push(name));
      }
    });
    expect(resumed).toEqual(['first']);
    first(() => undefined);
    // third and fourth are committed already, but the second still waits: we are at the limit
    expect(resumed).toEqual(['first', 'second']);
    second(() => undefined);
    expect(resumed).toEqual(['first', 'second', 'third', 'fourth']);
    expect(queue.waiting).toBe(0);
    expect(queue.deferred).toBe(0);
  });

  it('after close nothing more runs', () => {
    const queue = new AckQueue(2);
    const ran: string[] = [];
    const a = queue.reserve();
    queue.release(() => ran.push('r1'));
    queue.reserve();
    queue.release(() => ran.push('r2'));
    queue.close();
    a(() => ran.push('ack'));
    expect(ran).toEqual(['r1']);
  });
});
