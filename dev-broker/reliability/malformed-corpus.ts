import { outboundTopic } from '../../src/protocol/topics.ts';

/** One malformed frame, sent on a fresh connection (after a valid CONNECT unless `beforeConnect`). */
export interface MalformedFrame {
  name: string;
  bytes: Buffer;
  beforeConnect: boolean;
  /** MQTT says the server MUST close here (checked within 2 s); otherwise any answer but a crash. */
  mustClose: boolean;
  /** Protocol level of the CONNECT that comes first (4 or 5). */
  version: 4 | 5;
}

/** Variable byte integer (MQTT 1.5.5). */
export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

/** A packet from its first byte and body: the remaining length is computed. */
export const frame = (first: number, ...body: (Buffer | number[])[]) => {
  const b = Buffer.concat(body.map((x) => (Buffer.isBuffer(x) ? x : Buffer.from(x))));
  return Buffer.concat([Buffer.from([first]), varint(b.length), b]);
};
/** A UTF-8 string field: 2-byte length, then the bytes (given raw, so they may be invalid). */
export const str = (s: string | Buffer) => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

const MQTT = str('MQTT');
/** CONNECT body: protocol name, level, flags, keep-alive 60, client id, then `rest` (username…). */
export const connectBody = (level: number, flags: number, clientId: Buffer, ...rest: Buffer[]) =>
  Buffer.concat([MQTT, Buffer.from([level, flags, 0, 60]), str(clientId), ...rest]);
const TOPIC = outboundTopic.telemetry();
const FILTER = outboundTopic.attributesPush('v2');
const publish1 = (topic: Buffer, id = 1) =>
  frame(0x32, str(topic), [id >> 8, id & 0xff], Buffer.from('{"a":1}'));
const BAD_UTF8 = Buffer.from([0x76, 0x31, 0xff, 0xfe]);

/** The corpus: hand-written violations of MQTT 3.1.1 / 5 and the device API, then truncations and byte flips. */
export function malformedCorpus(): MalformedFrame[] {
  const before = (name: string, bytes: Buffer, mustClose = true): MalformedFrame => ({
    name,
    bytes,
    beforeConnect: true,
    mustClose,
    version: 4,
  });
  const after = (
    name: string,
    bytes: Buffer,
    mustClose = true,
    version: 4 | 5 = 4,
  ): MalformedFrame => ({ name, bytes, beforeConnect: false, mustClose, version });
  const okPublish = publish1(Buffer.from(TOPIC));
  const corpus: MalformedFrame[] = [
    before('PUBLISH before CONNECT', okPublish),
    before('PINGREQ before CONNECT', Buffer.from([0xc0, 0x00])),
    before('CONNECT protocol name MQTX', frame(0x10, str('MQTX'), [4, 2, 0, 60], str('x'))),
    before('CONNECT protocol level 6', frame(0x10, connectBody(6, 2, Buffer.from('x')))),
    before('CONNECT protocol level 0', frame(0x10, connectBody(0, 2, Buffer.from('x')))),
    before('CONNECT reserved flag set', frame(0x10, connectBody(4, 3, Buffer.from('x')))),
    before(
      'CONNECT password without username',
      frame(0x10, connectBody(4, 0x42, Buffer.from('x'), str('pw'))),
    ),
    before(
      'CONNECT will QoS 3',
      frame(0x10, connectBody(4, 0x1e, Buffer.from('x'), str('w/t'), str('m'))),
    ),
    before(
      'CONNECT will QoS without will flag',
      frame(0x10, connectBody(4, 0x0a, Buffer.from('x'))),
    ),
    before('CONNECT client id not UTF-8', frame(0x10, connectBody(4, 2, BAD_UTF8))),
    before(
      'CONNECT fixed header flags 1',
      Buffer.concat([
        Buffer.from([0x11]),
        frame(0x10, connectBody(4, 2, Buffer.from('x'))).subarray(1),
      ]),
    ),
    before('remaining length of 5 bytes', Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f])),
    before('packet type 0', Buffer.from([0x00, 0x00])),
    before('AUTH on MQTT 3.1.1', Buffer.from([0xf0, 0x00])),
    before('an HTTP request on the MQTT port', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')),
    before(
      'remaining length 268,435,455',
      Buffer.concat([Buffer.from([0x10]), varint(268_435_455), Buffer.alloc(1024)]),
    ),
    before(
      'CONNECT cut short',
      frame(0x10, connectBody(4, 2, Buffer.from('cut'))).subarray(0, 9),
      false,
    ),
    after('a second CONNECT', frame(0x10, connectBody(4, 2, Buffer.from('again')))),
    after('PUBLISH QoS 3', Buffer.concat([Buffer.from([0x36]), okPublish.subarray(1)])),
    after('PUBLISH QoS 1 packet id 0', publish1(Buffer.from(TOPIC), 0)),
    after('PUBLISH topic with +', publish1(Buffer.from(`${TOPIC}/+`))),
    after('PUBLISH topic with #', publish1(Buffer.from(`${TOPIC}/#`))),
    after('PUBLISH empty topic', publish1(Buffer.alloc(0))),
    after('PUBLISH topic not UTF-8', publish1(BAD_UTF8)),
    after('PUBLISH topic with U+0000', publish1(Buffer.from(`${TOPIC}\u0000x`))),
    after('PUBLISH QoS 0 with DUP', frame(0x38, str(TOPIC), Buffer.from('{}')), false),
    after('SUBSCRIBE flags 0', frame(0x80, [0, 1], str(FILTER), [1])),
    after('SUBSCRIBE without filters', frame(0x82, [0, 1])),
    after('SUBSCRIBE requested QoS 3', frame(0x82, [0, 1], str(FILTER), [3])),
    after('SUBSCRIBE filter not UTF-8', frame(0x82, [0, 1], str(BAD_UTF8), [1])),
    after('SUBSCRIBE filter a/#/b', frame(0x82, [0, 1], str('a/#/b'), [1]), false),
    after('UNSUBSCRIBE flags 0', frame(0xa0, [0, 1], str(FILTER))),
    after('UNSUBSCRIBE without filters', frame(0xa2, [0, 1])),
    after('PUBACK with an extra byte', frame(0x40, [0, 1, 0])),
    after('PUBREC with an extra byte', frame(0x50, [0, 1, 0])),
    after('PUBREL flags 0', frame(0x60, [0, 1])),
    after('PINGREQ with a body', frame(0xc0, [0])),
    after('DISCONNECT with a body (3.1.1)', frame(0xe0, [0])),
    after('CONNACK from a client', frame(0x20, [0, 0])),
    after('SUBACK from a client', frame(0x90, [0, 1, 0])),
    after('packet type 0 after CONNECT', Buffer.from([0x00, 0x00])),
    after(
      'PUBLISH over the packet limit',
      frame(0x32, str(TOPIC), [0, 1], Buffer.alloc(100_000, 0x20)),
    ),
    after(
      'MQTT 5 PUBLISH with an unknown property',
      frame(0x32, str(TOPIC), [0, 1], [2, 0xff, 0], Buffer.from('{}')),
      true,
      5,
    ),
    after(
      'MQTT 5 PUBLISH with topic alias 0',
      frame(0x32, str(TOPIC), [0, 1], [3, 0x23, 0, 0], Buffer.from('{}')),
      true,
      5,
    ),
    after(
      'MQTT 5 PUBLISH property length past the end',
      frame(0x32, str(TOPIC), [0, 1], [0x7f, 0x01]),
      true,
      5,
    ),
  ];
  // every truncation and a byte flipped at every position of a valid QoS 1 PUBLISH: anything but a crash
  for (let len = 1; len < okPublish.length; len++)
    corpus.push(after(`PUBLISH cut to ${String(len)} bytes`, okPublish.subarray(0, len), false));
  for (let at = 0; at < okPublish.length; at++) {
    const flipped = Buffer.from(okPublish);
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    corpus.push(after(`PUBLISH byte ${String(at)} flipped`, flipped, false));
  }
  return corpus;
}

/** A seeded PRNG (mulberry32): the same seed gives the same frames on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One random frame: random bytes, a random header with a random body, or a valid packet with bytes changed. */
export function randomFrame(random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  switch (int(3)) {
    case 0:
      return bytes(1 + int(64));
    case 1:
      return frame(int(256), bytes(int(48)));
    default: {
      const valid =
        [
          publish1(Buffer.from(TOPIC), 1 + int(65_535)),
          frame(0x82, [0, 1 + int(200)], str(FILTER), [int(3)]),
          frame(0xc0),
          frame(0x40, [0, 1 + int(200)]),
        ][int(4)] ?? Buffer.alloc(1);
      const changed = Buffer.from(valid);
      for (let i = 0, n = 1 + int(3); i < n; i++) changed[int(changed.length)] = int(256);
      return changed;
    }
  }
}
