import { outboundTopic } from '../../../src/protocol/topics.ts';
import { Fleet } from '../fleet.ts';
import { RawDevice } from '../raw-device.ts';
import { Verdict, deviceDecls, sleep, type Scenario } from '../scenario.ts';
import { checkStored } from '../stored-points.ts';

const DEVICES = 50;
/** The CLI's own guard exits 1 after 2 s; a clean shutdown must be faster. */
const SHUTDOWN_LIMIT_MS = 2000;
const RECONNECT_LIMIT_MS = 5000;

/**
 * SIGTERM while 50 devices publish QoS 1: the broker exits 0 within 2 s, every PUBACKed point is
 * stored, and every device connects and publishes again once the broker is back (same ports).
 */
export const sigterm: Scenario = {
  name: 'sigterm',
  async run(ctx) {
    const v = new Verdict();
    const decls = deviceDecls('term', DEVICES);
    const broker = await ctx.startBroker({ devices: decls });
    const fleet = new Fleet(
      decls.map((d) => d.name),
      { window: 50, baseTs: 1_600_000_000_000 },
    );
    await fleet.connect(broker.mqttUrl);
    fleet.start();
    await sleep(3000);
    const stop = await broker.sigterm();
    await fleet.stop(0);
    fleet.destroy();
    const { acked } = fleet.totals();
    v.check(stop.code === 0, `exit code ${String(stop.code)} after SIGTERM`);
    v.check(stop.ms <= SHUTDOWN_LIMIT_MS, `shutdown took ${stop.ms.toFixed(0)} ms`);
    const stored = checkStored(broker.dataDir, fleet.ackedPoints());
    v.check(
      stored.lost + stored.wrong === 0,
      `${String(stored.lost + stored.wrong)} PUBACKed points lost (${stored.firstProblem ?? ''})`,
    );
    await broker.start();
    const restarted = performance.now();
    const back = await Promise.all(decls.map((d) => reconnectAndPublish(broker.mqttUrl, d.name)));
    const reconnected = back.filter((ok) => ok).length;
    const reconnectMs = performance.now() - restarted;
    v.check(
      reconnected === DEVICES,
      `${String(reconnected)}/${String(DEVICES)} devices reconnected and published`,
    );
    v.check(reconnectMs <= RECONNECT_LIMIT_MS, `reconnecting took ${reconnectMs.toFixed(0)} ms`);
    v.figure(`shutdown ${stop.ms.toFixed(0)} ms (exit ${String(stop.code)})`);
    v.figure(`${String(acked)} acked under load, ${String(stored.lost + stored.wrong)} lost`);
    v.figure(
      `${String(reconnected)}/${String(DEVICES)} reconnected in ${reconnectMs.toFixed(0)} ms`,
    );
    return v;
  },
};

/** Connects (retrying while the port is not up yet) and gets one PUBACK. */
async function reconnectAndPublish(url: string, name: string): Promise<boolean> {
  const until = Date.now() + RECONNECT_LIMIT_MS;
  while (Date.now() < until) {
    try {
      const device = await RawDevice.connect({ url, username: name, clientId: name });
      const ack = await device.publish(outboundTopic.telemetry(), '{"back":1}');
      await device.end();
      return ack.reasonCode === 0;
    } catch {
      await sleep(100);
    }
  }
  return false;
}
