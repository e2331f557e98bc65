import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import { ConnectRule, parseOnlyFor } from '../bridge/connect-rule.ts';
import { PacketFramer } from '../bridge/packet-framer.ts';
import { parseUpstream } from '../bridge/upstream-target.ts';

const publish = (payload: Buffer) =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: 't',
    payload,
    qos: 0,
    dup: false,
    retain: false,
  });

describe('PacketFramer (ADR 0008)', () => {
  it('cuts whole packets out of any chunking, byte for byte, and `whole` is all of them', () => {
    const packets = [
      publish(Buffer.alloc(3)),
      publish(Buffer.alloc(200)),
      publish(Buffer.alloc(20_000)),
    ];
    const stream = Buffer.concat(packets);
    for (const size of [1, 2, 7, 130, stream.length]) {
      const framer = new PacketFramer();
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) {
        const cut = framer.push(stream.subarray(at, at + size));
        if (!cut.ok) throw new Error(cut.error);
        out.push(...cut.frames.map((f) => Buffer.from(f.bytes)));
        if (cut.frames.length > 0)
          expect(Buffer.concat(cut.frames.map((f) => f.bytes)).equals(cut.whole)).toBe(true);
      }
      expect(out).toEqual(packets);
      expect(framer.buffered).toBe(0);
    }
  });

  it('reads the packet type and keeps only the unfinished packet', () => {
    const framer = new PacketFramer();
    const ping = Buffer.from([0xc0, 0x00]);
    const pub = publish(Buffer.alloc(10));
    const cut = framer.push(Buffer.concat([ping, pub.subarray(0, 5)]));
    expect(cut.ok && cut.frames.map((f) => f.type)).toEqual([12]);
    expect(framer.buffered).toBe(5);
  });

  it('refuses a remaining length of more than 4 bytes and a packet over the limit', () => {
    expect(new PacketFramer().push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toEqual({
      ok: false,
      error: 'malformed remaining length (more than 4 bytes)',
    });
    const small = new PacketFramer(100);
    const cut = small.push(publish(Buffer.alloc(200)).subarray(0, 4));
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.error).toMatch(/larger than the bridge's limit of 100/);
  });
});

describe('ConnectRule (--upstream-only-for)', () => {
  it('without entries bridges every device and provision session, never an operator login', () => {
    const all = new ConnectRule(undefined);
    expect(all.scope).toBe('all');
    expect(all.bridges({ clientId: 'c', username: 'tok' })).toBe(true);
    expect(all.bridges({ clientId: 'c', username: 'provision' })).toBe(true);
    expect(all.bridges({ clientId: 'c', username: undefined })).toBe(true);
    expect(all.bridges({ clientId: 'c', username: 'operator:admin' })).toBe(false);
  });

  it('with entries bridges by username or client id: prefix*, exact, provision', () => {
    const rule = new ConnectRule(parseOnlyFor(' real-* , A1B2 ,provision,,'));
    expect(rule.scope).toBe('listed');
    expect(rule.bridges({ clientId: 'x', username: 'real-7' })).toBe(true);
    expect(rule.bridges({ clientId: 'real-cid', username: undefined })).toBe(true);
    expect(rule.bridges({ clientId: 'x', username: 'A1B2' })).toBe(true);
    expect(rule.bridges({ clientId: 'x', username: 'A1B23' })).toBe(false);
    expect(rule.bridges({ clientId: 'x', username: 'provision' })).toBe(true);
    expect(rule.bridges({ clientId: 'x', username: 'local' })).toBe(false);
    expect(rule.bridges({ clientId: 'real-op', username: 'operator:admin' })).toBe(false);
    expect(new ConnectRule(['*']).bridges({ clientId: 'any', username: 'thing' })).toBe(true);
  });
});

describe('parseUpstream', () => {
  it('takes mqtt:// and mqtts:// with default ports, and shows host:port', () => {
    expect(parseUpstream({ url: 'mqtt://hub.example' })).toMatchObject({
      ok: true,
      value: { host: 'hub.example', port: 1883, tls: false, display: 'hub.example:1883' },
    });
    expect(parseUpstream({ url: 'mqtts://[::1]' })).toMatchObject({
      ok: true,
      value: { host: '::1', port: 8883, tls: true, url: 'mqtts://[::1]:8883' },
    });
  });

  it.each([
    [{ url: 'hub:1883' }, /scheme "hub:" is not supported/],
    [{ url: 'ws://hub/mqtt' }, /use mqtt:\/\/ \(TCP\) or mqtts:\/\/ \(TLS\)/],
    [{ url: 'mqtt://u:p@hub' }, /leave credentials out of the URL/],
    [{ url: 'mqtt://hub', ca: 'x' }, /need an mqtts:\/\/ upstream/],
    [{ url: 'mqtts://hub', cert: 'x' }, /--upstream-cert and --upstream-key go together/],
    [{ url: 'not a url' }, /is not a URL/],
  ])('refuses %o with a clear error', (options, message) => {
    const parsed = parseUpstream(options);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});
