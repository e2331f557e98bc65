import { DEVICE_TOPICS, outboundTopic, responseFilter } from '../../../src/protocol/topics.ts';
import type { BrokerProcess } from '../broker-process.ts';
import { Fleet } from '../fleet.ts';
import { connectOperator } from '../operator-session.ts';
import { RawDevice } from '../raw-device.ts';
import { Verdict, deviceDecls, sleep, type Scenario } from '../scenario.ts';
import { checkStored } from '../stored-points.ts';

const DEVICES = 50;
/** QoS 1 publishes in flight per device: 50 × 200 = 10,000 in flight at most. */
const WINDOW = 200;

/** When the broker is killed in each round: after the operator's writes, and how long after. */
const MOMENTS = [
  { label: 'at 0.5 s, while the first window is in flight', writesAtMs: 200, killAtMs: 500 },
  { label: 'right after the operator writes are answered', writesAtMs: 1500, killAtMs: 0 },
  { label: 'at 5 s, in steady flow', writesAtMs: 1000, killAtMs: 5000 },
];

/**
 * kill -9 at three moments with 50 devices publishing QoS 1 (up to 10,000 in flight): after every
 * restart each PUBACKed point is stored with its value, and the shared attribute and persistent RPC
 * set before the kill reach each device when it reconnects.
 */
export const kill9: Scenario = {
  name: 'kill-9',
  async run(ctx) {
    const v = new Verdict();
    const names = deviceDecls('k9', DEVICES).map((d) => d.name);
    const broker = await ctx.startBroker({ devices: deviceDecls('k9', DEVICES) });
    const fleet = new Fleet(names, { window: WINDOW, baseTs: 1_600_000_000_000 });
    let round = 0;
    for (const moment of MOMENTS) {
      round++;
      await fleet.connect(broker.mqttUrl);
      const before = fleet.totals().acked;
      fleet.start();
      const started = Date.now();
      await sleep(moment.writesAtMs);
      await operatorWrites(broker, names, round);
      await sleep(Math.max(0, moment.killAtMs - (Date.now() - started)));
      const inFlight = fleet.totals().inFlight;
      await broker.kill9();
      await fleet.stop(0);
      fleet.destroy();
      const acked = fleet.totals().acked - before;
      await broker.start();
      const stored = checkStored(broker.dataDir, fleet.ackedPoints());
      const delivered = await reconnectAndCheck(broker, names, round);
      ctx.note(
        `round ${String(round)}: ${String(acked)} acked, ${String(inFlight)} in flight at the kill, lost ${String(stored.lost)}`,
      );
      v.check(
        stored.lost === 0 && stored.wrong === 0,
        `round ${String(round)}: ${String(stored.lost)} PUBACKed points lost, ${String(stored.wrong)} with another value (${stored.firstProblem ?? ''})`,
      );
      v.check(
        delivered.attributes === DEVICES,
        `round ${String(round)}: shared attribute set before the kill read back by ${String(delivered.attributes)}/${String(DEVICES)} devices`,
      );
      v.check(
        delivered.rpcs === DEVICES,
        `round ${String(round)}: persistent RPC set before the kill delivered to ${String(delivered.rpcs)}/${String(DEVICES)} devices`,
      );
      v.figure(
        `kill ${String(round)} (${moment.label}): ${String(acked)} acked, ${String(inFlight)} in flight, lost ${String(stored.lost + stored.wrong)}, RPCs ${String(delivered.rpcs)}/${String(DEVICES)}, attrs ${String(delivered.attributes)}/${String(DEVICES)}`,
      );
      if (round === MOMENTS.length) {
        // 5 s of unpaced flow keep far more than one window per device moving, unless PUBACKs stall
        v.check(
          acked >= DEVICES * WINDOW * 2,
          `PUBACKs stalled: only ${String(acked)} in 5 s of pipelined publishing (window ${String(WINDOW)} per device)`,
        );
      }
    }
    const total = checkStored(broker.dataDir, fleet.ackedPoints());
    v.figure(
      `total: ${String(total.acked)} PUBACKed points, ${String(total.lost + total.wrong)} lost`,
    );
    return v;
  },
};

/** The operator sets shared `gen` = round and queues a persistent one-way RPC on every device. */
async function operatorWrites(
  broker: BrokerProcess,
  names: string[],
  round: number,
): Promise<void> {
  const op = await connectOperator(broker.mqttUrl, broker.adminPassword);
  await Promise.all(
    names.flatMap((deviceName) => [
      op.call('attributes.save', { deviceName, scope: 'SHARED', values: { gen: round } }),
      op.call('rpc.send', {
        deviceName,
        method: `afterKill${String(round)}`,
        oneway: true,
        persistent: true,
        timeout: 600_000,
      }),
    ]),
  );
  void op.end().catch(() => undefined);
}

/** Each device reconnects, reads shared `gen` and waits for the round's RPC. */
async function reconnectAndCheck(broker: BrokerProcess, names: string[], round: number) {
  const result = { attributes: 0, rpcs: 0 };
  await Promise.all(
    names.map(async (name) => {
      const device = await RawDevice.connect({
        url: broker.mqttUrl,
        username: name,
        clientId: name,
      });
      await device.subscribe([responseFilter.attributes('v1'), responseFilter.rpcRequest('v1')]);
      void device
        .publish(outboundTopic.attributesRequest('v1', 1), '{"sharedKeys":"gen"}')
        .catch(() => undefined);
      const ok = (p: Promise<unknown>) =>
        p.then(
          () => 1,
          () => 0,
        );
      // (awaited first: `x += await …` would read x before the wait and lose concurrent updates)
      const attributes = await ok(
        device.waitForMessage(
          (m) =>
            m.topic === outboundTopic.attributesResponse('v1', 1) &&
            (JSON.parse(m.payload.toString()) as { shared?: { gen?: number } }).shared?.gen ===
              round,
        ),
      );
      const rpcs = await ok(
        device.waitForMessage(
          (m) =>
            m.topic.startsWith(DEVICE_TOPICS.rpcRequestPrefix) &&
            m.payload.toString().includes(`"afterKill${String(round)}"`),
        ),
      );
      result.attributes += attributes;
      result.rpcs += rpcs;
      await device.end();
    }),
  );
  return result;
}
