import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

import { DeviceLoad, LatencyHistogram } from '../device-load.ts';
import { connectBody, frame, str } from '../malformed-corpus.ts';
import { RawDevice } from '../raw-device.ts';
import { Verdict, machineLoad, sleep, type Scenario } from '../scenario.ts';
import { countEvents } from '../stored-points.ts';

const RATE = 1000;
/** Judged (when the machine is not overloaded): the good device's PUBACK p99 during the flood. */
const P99_LIMIT_MS = 500;
/** Refused CONNECTs are recorded one by one up to 10 per address and 10 s, plus one summary each. */
const EVENTS_PER_10S = 11;

/**
 * 1,000 wrong CONNECTs a second (quick: 10 s, full: 60 s) while a good device publishes 10 QoS 1
 * messages a second: its PUBACK latency holds, and the events table and the log stay bounded.
 */
export const abuseConnects: Scenario = {
  name: 'abuse-connects',
  async run(ctx) {
    const v = new Verdict();
    const seconds = ctx.quick ? 10 : 60;
    const broker = await ctx.startBroker(
      { devices: [{ name: 'steady', credentials: { type: 'ACCESS_TOKEN', token: 'steady' } }] },
      'info',
    );
    const steady = await RawDevice.connect({ url: broker.mqttUrl, username: 'steady' });
    const before = new LatencyHistogram();
    const during = new LatencyHistogram();
    const measure = (h: LatencyHistogram, baseTs: number) => {
      const load = new DeviceLoad('steady', { window: 10, ratePerSecond: 10, baseTs }, h);
      load.attach(steady);
      load.start();
      return load;
    };
    const quiet = measure(before, 1_600_000_000_000);
    await sleep(5000);
    await quiet.stop();
    const eventsBefore = countEvents(broker.dataDir);
    const logBefore = authLines(broker.logFile);
    const busy = measure(during, 1_700_000_000_000);
    const flood = await floodWrongConnects(broker.ports.mqttPort, RATE, seconds);
    await busy.stop();
    await sleep(11_000); // the last window ends: its summary event is written
    const events = countEvents(broker.dataDir) - eventsBefore;
    const logged = authLines(broker.logFile) - logBefore;
    const bound = (Math.ceil(seconds / 10) + 2) * EVENTS_PER_10S;
    const machine = machineLoad();
    const p99 = during.quantile(0.99);
    v.check(
      !steady.isClosed && busy.failed === 0 && busy.refused === 0,
      'the good device lost its connection or a publish',
    );
    v.check(
      events <= bound,
      `${String(events)} event rows for ${String(flood.refused)} refused CONNECTs (bound ${String(bound)})`,
    );
    v.check(logged <= bound, `${String(logged)} auth_failed log lines (bound ${String(bound)})`);
    v.check(
      flood.refused >= RATE * seconds * 0.5 || machine.overloaded,
      `only ${String(flood.refused)} CONNECTs refused in ${String(seconds)} s`,
    );
    if (machine.overloaded) v.figure(`p99 not judged: load average ${machine.loadavg.toFixed(1)}`);
    else v.check(p99 <= P99_LIMIT_MS, `good device PUBACK p99 ${String(p99)} ms during the flood`);
    v.figure(
      `${String(flood.refused)} wrong CONNECTs refused in ${String(seconds)} s (${String(flood.errors)} socket errors)`,
    );
    v.figure(
      `good device p99 ${String(before.quantile(0.99))} ms before, ${String(p99)} ms during`,
    );
    v.figure(`+${String(events)} event rows, +${String(logged)} log lines`);
    await steady.end();
    return v;
  },
};

const authLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('event auth_failed')).length;

/** Opens `perSecond` TCP connections a second, each sending a CONNECT with an unknown token. */
async function floodWrongConnects(port: number, perSecond: number, seconds: number) {
  const packet = frame(0x10, connectBody(4, 0x82, Buffer.from('flood'), str('not-a-token')));
  const stats = { refused: 0, errors: 0, open: 0 };
  const tickMs = 10;
  const perTick = (perSecond * tickMs) / 1000;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    for (let i = 0; i < perTick && stats.open < 2000; i++) {
      stats.open++;
      const socket = connect(port, '127.0.0.1', () => socket.write(packet));
      socket.once('data', (data: Buffer) => {
        if (data[0] === 0x20) stats.refused++;
      });
      socket.on('error', () => stats.errors++);
      socket.once('close', () => stats.open--);
      socket.resume();
    }
    await sleep(tickMs);
  }
  while (stats.open > 0) await sleep(50);
  return stats;
}
