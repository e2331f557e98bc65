import type { Duplex } from 'node:stream';

import type { BrokerProcess } from '../broker-process.ts';
import { malformedCorpus, prng, randomFrame, type MalformedFrame } from '../malformed-corpus.ts';
import { healthy } from '../publish-outcome.ts';
import { RawDevice, openStream } from '../raw-device.ts';
import { Verdict, type Scenario } from '../scenario.ts';

const SEED = 0x10_7_4ab;
const HEALTH_EVERY = 50;
const CLOSE_WITHIN_MS = 2000;
const DEVICES = ['frame-tcp', 'frame-ws', 'fuzz-tcp', 'fuzz-ws', 'good'].map((name) => ({
  name,
  credentials: { type: 'ACCESS_TOKEN', token: name },
}));

/**
 * The malformed-packet corpus, then seeded random frames (quick: 10,000, full: 50,000 per listener)
 * over TCP and WebSocket, with a well-behaved device checked every 50 frames: the broker closes
 * where MQTT says it must, never crashes, and the good device is always answered within 2 s.
 */
export const badFrames: Scenario = {
  name: 'bad-frames',
  async run(ctx) {
    const v = new Verdict();
    const broker = await ctx.startBroker({ devices: DEVICES });
    let good = await RawDevice.connect({ url: broker.mqttUrl, username: 'good' });
    const health = async () => {
      if (good.isClosed) good = await RawDevice.connect({ url: broker.mqttUrl, username: 'good' });
      return healthy(good);
    };
    const corpus = malformedCorpus();
    for (const transport of ['tcp', 'ws'] as const) {
      const url = transport === 'tcp' ? broker.mqttUrl : broker.wsUrl;
      let closedAsRequired = 0;
      for (const entry of corpus) {
        const closed = await sendMalformed(url, `frame-${transport}`, entry);
        if (
          entry.mustClose &&
          v.check(closed, `${transport}: "${entry.name}" left the connection open`)
        )
          closedAsRequired++;
        v.check(await health(), `${transport}: good device unanswered after "${entry.name}"`);
      }
      v.figure(
        `${transport}: corpus of ${String(corpus.length)} frames, ${String(closedAsRequired)}/${String(corpus.filter((e) => e.mustClose).length)} closed as MQTT requires`,
      );
      const fuzz = await randomFrames(
        broker,
        url,
        `fuzz-${transport}`,
        ctx.quick ? 10_000 : 50_000,
        health,
      );
      v.check(
        fuzz.healthFailures === 0,
        `${transport}: good device unanswered ${String(fuzz.healthFailures)} times during random frames`,
      );
      v.figure(
        `${transport}: ${String(fuzz.frames)} random frames (seed ${String(SEED)}), ${String(fuzz.closes)} closes by the broker, ${String(fuzz.checks - fuzz.healthFailures)}/${String(fuzz.checks)} health checks`,
      );
      ctx.note(`${transport} done`);
    }
    await good.end();
    return v;
  },
};

/** Sends one corpus frame on a fresh connection; resolves whether the broker closed it. */
async function sendMalformed(
  url: string,
  username: string,
  entry: MalformedFrame,
): Promise<boolean> {
  const conn: { closed: Promise<unknown>; write(b: Buffer): void; destroy(): void } =
    entry.beforeConnect
      ? bareStream(await openStream(url))
      : await connected(url, username, entry.version);
  conn.write(entry.bytes);
  const wait = entry.mustClose ? CLOSE_WITHIN_MS : 100;
  const closed = await Promise.race([
    conn.closed.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), wait)),
  ]);
  conn.destroy();
  return closed;
}

/** A stream with no MQTT session yet: what it receives is read and dropped. */
function bareStream(stream: Duplex) {
  stream.on('error', () => undefined);
  stream.resume();
  return {
    closed: new Promise((resolve) => stream.once('close', resolve)),
    write: (bytes: Buffer) => stream.write(bytes),
    destroy: () => stream.destroy(),
  };
}

async function connected(url: string, username: string, version: 4 | 5) {
  const device = await RawDevice.connect({ url, username, version });
  return {
    closed: device.closed,
    write: (b: Buffer) => device.writeBytes(b),
    destroy: () => device.destroy(),
  };
}

/** Writes seeded random frames after a CONNECT, reconnecting whenever the broker closes. */
async function randomFrames(
  broker: BrokerProcess,
  url: string,
  username: string,
  count: number,
  health: () => Promise<boolean>,
) {
  const random = prng(SEED);
  const stats = { frames: 0, closes: 0, checks: 0, healthFailures: 0 };
  let device: RawDevice | null = null;
  for (let i = 0; i < count; i++) {
    if (!device || device.isClosed) {
      if (device) stats.closes++;
      device = await RawDevice.connect({ url, username, version: random() < 0.5 ? 4 : 5 });
    }
    device.writeBytes(randomFrame(random));
    stats.frames++;
    await Promise.race([device.closed, new Promise((r) => setTimeout(r, 1))]);
    if ((i + 1) % HEALTH_EVERY === 0) {
      stats.checks++;
      if (!(await health()) || !broker.running) stats.healthFailures++;
    }
  }
  device?.destroy();
  return stats;
}
