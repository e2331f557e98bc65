import { Fleet } from '../fleet.ts';
import { Verdict, deviceDecls, machineLoad, sleep, type Scenario } from '../scenario.ts';
import { checkStored } from '../stored-points.ts';

const DEVICES = 1000;
const RATE = 10;
/** In flight per device at most: one second of its publishes. */
const WINDOW = 10;
const SAMPLE_MS = 10_000;
/**
 * Judged goals (generous: the machine is shared). Always: no loss, no error, RSS "flat" (the last
 * sample at most 25% + 64 MiB above the first, taken after 10 s), and the broker's capacity (PUBACKs
 * per CPU-second of its busiest thread) at least the target rate, so that one core would carry the
 * load. Only when
 * the machine is not overloaded (1-minute load average ≤ 2 × cores, so that other programs leave the
 * broker the CPU it needs): PUBACK p99 ≤ 1 s and the achieved rate ≥ 50% of the target.
 */
const P99_LIMIT_MS = 1000;
const MIN_RATE_SHARE = 0.5;
const RSS_GROWTH_SHARE = 0.25;
const RSS_GROWTH_MIB = 64;

/** 1,000 devices × 10 QoS 1 messages a second (quick: 60 s, full: 10 min). */
export const soak: Scenario = {
  name: 'soak',
  async run(ctx) {
    const v = new Verdict();
    const durationMs = ctx.quick ? 60_000 : 600_000;
    const decls = deviceDecls('soak', DEVICES);
    const broker = await ctx.startBroker({ devices: decls });
    const fleet = new Fleet(
      decls.map((d) => d.name),
      { window: WINDOW, ratePerSecond: RATE, baseTs: 1_600_000_000_000 },
    );
    await fleet.connect(broker.mqttUrl);
    ctx.note(
      `${String(DEVICES)} devices connected; ${String(durationMs / 1000)} s at ${String(DEVICES * RATE)} msg/s`,
    );
    const started = performance.now();
    const cpuAtStart = {
      broker: broker.cpuSeconds(),
      threads: broker.threadCpuSeconds(),
      clients: process.cpuUsage(),
    };
    fleet.start();
    const rss: number[] = [];
    while (performance.now() - started < durationMs) {
      await sleep(Math.min(SAMPLE_MS, durationMs - (performance.now() - started)));
      rss.push(broker.rssMiB());
      ctx.note(
        `${((performance.now() - started) / 1000).toFixed(0)} s: ${String(fleet.totals().acked)} acked, RSS ${rss.at(-1)?.toFixed(0) ?? '?'} MiB`,
      );
    }
    const elapsed = (performance.now() - started) / 1000;
    const rate = fleet.totals().acked / elapsed;
    const clients = process.cpuUsage(cpuAtStart.clients);
    const cpu = {
      broker: (broker.cpuSeconds() - cpuAtStart.broker) / elapsed,
      busiestThread: busiestThreadShare(cpuAtStart.threads, broker.threadCpuSeconds(), elapsed),
      clients: (clients.user + clients.system) / 1e6 / elapsed,
    };
    const machine = machineLoad();
    await fleet.stop();
    const totals = fleet.totals();
    const stored = checkStored(broker.dataDir, fleet.ackedPoints());
    await fleet.close();
    const lost = stored.lost + stored.wrong;
    const p99 = fleet.latency.quantile(0.99);
    // the busiest thread (the event loop; SQLite writes run on a worker thread, ADR 0010) is what
    // one core must carry; without /proc, the whole process
    const bottleneck = Number.isFinite(cpu.busiestThread) ? cpu.busiestThread : cpu.broker;
    const capacity = bottleneck > 0 ? rate / bottleneck : Number.POSITIVE_INFINITY;
    const [first = Number.NaN, last = Number.NaN] = [rss[0], rss.at(-1)];
    v.check(lost === 0, `${String(lost)} PUBACKed points lost (${stored.firstProblem ?? ''})`);
    v.check(
      totals.refused + totals.failed === 0,
      `${String(totals.refused)} PUBACKs with an error code, ${String(totals.failed)} publishes failed`,
    );
    v.check(
      last <= first * (1 + RSS_GROWTH_SHARE) + RSS_GROWTH_MIB,
      `RSS grew from ${first.toFixed(0)} to ${last.toFixed(0)} MiB`,
    );
    v.check(
      capacity >= DEVICES * RATE,
      `broker capacity ${capacity.toFixed(0)} PUBACKs per CPU-second of its busiest thread is below the target rate`,
    );
    if (machine.overloaded) {
      v.figure(
        `rate and p99 not judged: load average ${machine.loadavg.toFixed(1)} on ${String(machine.cores)} cores`,
      );
    } else {
      v.check(
        rate >= DEVICES * RATE * MIN_RATE_SHARE,
        `PUBACK rate ${rate.toFixed(0)}/s is below half the target ${String(DEVICES * RATE)}/s`,
      );
      v.check(
        p99 <= P99_LIMIT_MS,
        `PUBACK p99 ${String(p99)} ms is over ${String(P99_LIMIT_MS)} ms`,
      );
    }
    v.figure(
      `${String(DEVICES)} devices × ${String(RATE)}/s for ${elapsed.toFixed(0)} s: ${rate.toFixed(0)} PUBACKs/s`,
    );
    v.figure(`PUBACK p50 ${String(fleet.latency.quantile(0.5))} ms, p99 ${String(p99)} ms`);
    v.figure(`loss ${String(lost)} of ${String(stored.acked)} PUBACKed`);
    v.figure(
      `CPU: broker ${(cpu.broker * 100).toFixed(0)}% (busiest thread ${(cpu.busiestThread * 100).toFixed(0)}%), clients ${(cpu.clients * 100).toFixed(0)}% of a core; capacity ${capacity.toFixed(0)} PUBACKs per CPU-second of the busiest thread; load average ${machine.loadavg.toFixed(1)}`,
    );
    v.figure(`RSS MiB every 10 s: ${rss.map((r) => r.toFixed(0)).join(' ')}`);
    return v;
  },
};

/** The largest CPU share (of one core) any thread used between the two samples; NaN without them. */
function busiestThreadShare(
  before: Map<string, number>,
  after: Map<string, number>,
  seconds: number,
): number {
  if (after.size === 0) return Number.NaN;
  const shares = [...after].map(([tid, cpu]) => (cpu - (before.get(tid) ?? 0)) / seconds);
  return Math.max(...shares);
}
