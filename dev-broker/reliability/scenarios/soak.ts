import { readFileSync } from 'node:fs';

import { Fleet } from '../fleet.ts';
import { Verdict, deviceDecls, sleep, type Scenario } from '../scenario.ts';
import { checkStored } from '../stored-points.ts';

const DEVICES = 1000;
const RATE = 10;
/** In flight per device at most: one second of its publishes. */
const WINDOW = 10;
const SAMPLE_MS = 10_000;
/**
 * Judged goals (generous: the machine is shared). PUBACK p99 ≤ 1 s; the achieved rate ≥ 50% of the
 * target; RSS "flat": the last sample at most 25% + 64 MiB above the first (taken after 10 s).
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
    const cpu = { broker: broker.cpuSeconds(), runner: process.cpuUsage() };
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
    const acked = fleet.totals().acked;
    const brokerCpu = (broker.cpuSeconds() - cpu.broker) / elapsed;
    const runnerUsage = process.cpuUsage(cpu.runner);
    const runnerCpu = (runnerUsage.user + runnerUsage.system) / 1e6 / elapsed;
    const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
    await fleet.stop();
    const totals = fleet.totals();
    const stored = checkStored(broker.dataDir, fleet.ackedPoints());
    await fleet.close();
    const rate = acked / elapsed;
    const p99 = fleet.latency.quantile(0.99);
    const first = rss[0] ?? Number.NaN;
    const last = rss.at(-1) ?? Number.NaN;
    v.check(
      stored.lost + stored.wrong === 0,
      `${String(stored.lost + stored.wrong)} PUBACKed points lost (${stored.firstProblem ?? ''})`,
    );
    v.check(
      totals.refused + totals.failed === 0,
      `${String(totals.refused)} PUBACKs with an error code, ${String(totals.failed)} publishes failed`,
    );
    v.check(
      rate >= DEVICES * RATE * MIN_RATE_SHARE,
      `PUBACK rate ${rate.toFixed(0)}/s is below half the target ${String(DEVICES * RATE)}/s`,
    );
    v.check(p99 <= P99_LIMIT_MS, `PUBACK p99 ${String(p99)} ms is over ${String(P99_LIMIT_MS)} ms`);
    v.check(
      last <= first * (1 + RSS_GROWTH_SHARE) + RSS_GROWTH_MIB,
      `RSS grew from ${first.toFixed(0)} to ${last.toFixed(0)} MiB`,
    );
    v.figure(
      `${String(DEVICES)} devices × ${String(RATE)}/s for ${elapsed.toFixed(0)} s: ${rate.toFixed(0)} PUBACKs/s`,
    );
    v.figure(`PUBACK p50 ${String(fleet.latency.quantile(0.5))} ms, p99 ${String(p99)} ms`);
    v.figure(`loss ${String(stored.lost + stored.wrong)} of ${String(stored.acked)} PUBACKed`);
    v.figure(
      `CPU: broker ${(brokerCpu * 100).toFixed(0)}%, clients ${(runnerCpu * 100).toFixed(0)}% of a core; load average ${loadavg}`,
    );
    v.figure(`RSS MiB every 10 s: ${rss.map((r) => r.toFixed(0)).join(' ')}`);
    return v;
  },
};
