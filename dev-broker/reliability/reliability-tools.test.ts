import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import { LatencyHistogram } from './device-load.ts';
import { connectBody, frame, prng, randomFrame, str, varint } from './malformed-corpus.ts';

describe('reliability suite tools', () => {
  it('LatencyHistogram gives quantiles in 1 ms buckets and NaN when empty', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.99)).toBeNaN();
    for (let ms = 1; ms <= 100; ms++) h.add(ms);
    expect(h.quantile(0.5)).toBe(50);
    expect(h.quantile(0.99)).toBe(99);
    h.add(1e9); // clamped to the last bucket
    expect(h.quantile(1)).toBe(120_000);
  });

  it('varint and frame build packets mqtt-packet parses back', () => {
    expect([...varint(0)]).toEqual([0]);
    expect([...varint(321)]).toEqual([0xc1, 0x02]);
    expect([...varint(268_435_455)]).toEqual([0xff, 0xff, 0xff, 0x7f]);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const packets: mqttPacket.Packet[] = [];
    parser.on('packet', (p) => packets.push(p));
    parser.parse(frame(0x10, connectBody(4, 0x82, Buffer.from('c'), str('user'))));
    expect(packets[0]).toMatchObject({ cmd: 'connect', clientId: 'c', username: 'user' });
  });

  it('random frames are the same for the same seed', () => {
    const a = prng(42);
    const b = prng(42);
    const frames = (r: () => number) =>
      Array.from({ length: 50 }, () => randomFrame(r).toString('hex'));
    expect(frames(a)).toEqual(frames(b));
    expect(frames(prng(43))).not.toEqual(frames(prng(42)));
  });
});
