import { connectBody, frame } from '../malformed-corpus.ts';
import { healthy } from '../publish-outcome.ts';
import { RawDevice } from '../raw-device.ts';
import { binaryFrameHeader, getRequest, hold, rawRequest, type Held } from '../raw-http.ts';
import { Verdict, sleep, type Scenario } from '../scenario.ts';

/** Sockets that never finish a CONNECT / a request must be closed within these (judged limits). */
const MQTT_CLOSE_LIMIT_S = 35;
const HTTP_CLOSE_LIMIT_S = 50;
const HUGE_FRAMES = 40;
const ANNOUNCED = 8 * 1024 * 1024;
const SENT = 4 * 1024 * 1024;
const RSS_GROWTH_LIMIT_MIB = 100;
const TRAVERSALS = [
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/%',
  '//[',
  '/%00',
  '/assets/../../../package.json',
];
const BAD_UPGRADES = ['//[', '/%', '/%zz', '/mqtt%00'];

/**
 * Idle and slow-loris sockets on both ports, oversized HTTP headers, path traversal and malformed
 * URLs on the file server and the WebSocket upgrade, and half-sent 8 MiB WebSocket frames: the
 * broker answers each with an error, closes the sockets that never finish, keeps its memory bounded,
 * and a good device stays answered throughout.
 */
export const abuseSockets: Scenario = {
  name: 'abuse-sockets',
  async run(ctx) {
    const v = new Verdict();
    const broker = await ctx.startBroker({
      devices: [{ name: 'calm', credentials: { type: 'ACCESS_TOKEN', token: 'calm' } }],
    });
    const { mqttPort, httpPort } = broker.ports;
    const good = await RawDevice.connect({ url: broker.mqttUrl, username: 'calm' });
    const t0 = Date.now();
    const groups = {
      'idle MQTT': await many(200, () => hold(mqttPort)),
      'slow-loris MQTT': await many(100, () => hold(mqttPort)),
      'idle HTTP': await many(100, () => hold(httpPort)),
      'slow-loris HTTP': await many(100, () => hold(httpPort)),
    };
    const slow = dripFeed(
      groups['slow-loris MQTT'],
      frame(0x10, connectBody(4, 2, Buffer.from('slow'))),
    );
    const slowHttp = dripFeed(
      groups['slow-loris HTTP'],
      Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\n${'X-Slow: 1\r\n'.repeat(100)}`),
    );
    v.check(await healthy(good), 'good device unanswered with 500 idle and slow sockets open');

    const big = await rawRequest(
      httpPort,
      getRequest('/', false, [`X-Big: ${'a'.repeat(100_000)}`]),
    );
    v.check(
      big.status === 431 || big.status === 400,
      `100 kB of headers answered ${String(big.status)}`,
    );
    for (const target of TRAVERSALS) {
      const r = await rawRequest(httpPort, getRequest(target));
      const leaked = r.response.includes('root:') || r.response.includes('"devDependencies"');
      v.check(
        r.status >= 400 && !leaked,
        `GET ${target} answered ${String(r.status)}${leaked ? ' with a file from outside the console' : ''}`,
      );
    }
    for (const target of BAD_UPGRADES) {
      const r = await rawRequest(httpPort, getRequest(target, true));
      v.check(r.status >= 400, `WebSocket upgrade to ${target} answered ${String(r.status)}`);
    }
    v.check(
      broker.running && (await healthy(good)),
      'broker or good device down after the HTTP probes',
    );

    const rssBefore = broker.rssMiB();
    const huge = await halfSentFrames(httpPort);
    const rssPeak = broker.rssMiB();
    v.check(
      rssPeak - rssBefore <= RSS_GROWTH_LIMIT_MIB,
      `${String(HUGE_FRAMES)} half-sent 8 MiB frames grew the broker from ${rssBefore.toFixed(0)} to ${rssPeak.toFixed(0)} MiB`,
    );
    v.figure(
      `${String(HUGE_FRAMES)} half-sent 8 MiB WS frames: RSS ${rssBefore.toFixed(0)} → ${rssPeak.toFixed(0)} MiB, ${String(huge.closedByBroker)} closed by the broker, ${(huge.bytesSent / 1048576).toFixed(0)} MiB accepted`,
    );

    const closedAfter: Record<string, number> = {};
    for (const [name, sockets] of Object.entries(groups)) {
      const limit = (name.includes('MQTT') ? MQTT_CLOSE_LIMIT_S : HTTP_CLOSE_LIMIT_S) * 1000;
      await Promise.race([
        Promise.all(sockets.map((s) => s.closed)),
        sleep(Math.max(0, t0 + limit - Date.now())),
      ]);
      const open = sockets.filter((s) => !s.isClosed()).length;
      closedAfter[name] = (Date.now() - t0) / 1000;
      v.check(
        open === 0,
        `${String(open)} of ${String(sockets.length)} ${name} sockets still open after ${String(limit / 1000)} s`,
      );
    }
    slow.stop();
    slowHttp.stop();
    v.check(await healthy(good), 'good device unanswered at the end');
    v.figure(
      `idle/slow-loris sockets closed: ${Object.entries(closedAfter)
        .map(([n, s]) => `${n} ≤ ${s.toFixed(0)} s`)
        .join(', ')}`,
    );
    v.figure(
      `100 kB headers → ${String(big.status)}; ${String(TRAVERSALS.length)} traversal/bad URLs and ${String(BAD_UPGRADES.length)} bad upgrades refused`,
    );
    for (const s of Object.values(groups).flat()) s.socket.destroy();
    await good.end();
    return v;
  },
};

async function many(n: number, open: () => Promise<Held>): Promise<Held[]> {
  return Promise.all(Array.from({ length: n }, open));
}

/** Writes `bytes` to every socket one byte every 2 s (a request that never completes in time). */
function dripFeed(sockets: Held[], bytes: Buffer) {
  let at = 0;
  const timer = setInterval(() => {
    if (at >= bytes.length) return;
    for (const s of sockets) if (!s.isClosed()) s.socket.write(bytes.subarray(at, at + 1));
    at++;
  }, 2000);
  return { stop: () => clearInterval(timer) };
}

/** Opens WebSockets that announce an 8 MiB frame and send half of it, then stop (sockets left open). */
async function halfSentFrames(port: number) {
  const stats = { closedByBroker: 0, bytesSent: 0 };
  const sockets = await many(HUGE_FRAMES, () => hold(port));
  await Promise.all(
    sockets.map(async (s) => {
      s.socket.write(getRequest('/mqtt', true));
      for (let i = 0; i < 100 && !s.received().includes('\r\n\r\n') && !s.isClosed(); i++)
        await sleep(20);
      s.socket.write(binaryFrameHeader(ANNOUNCED));
      const chunk = Buffer.alloc(64 * 1024, 0x30);
      for (let sent = 0; sent < SENT && !s.isClosed(); sent += chunk.length) {
        if (!s.socket.write(chunk))
          await Promise.race([
            new Promise((r) => s.socket.once('drain', r)),
            s.closed,
            sleep(2000),
          ]);
        stats.bytesSent += chunk.length;
      }
    }),
  );
  await sleep(1000);
  stats.closedByBroker = sockets.filter((s) => s.isClosed()).length;
  for (const s of sockets) s.socket.destroy();
  return stats;
}
