/**
 * `bridge` phase: QoS 1 telemetry through a bridge (ADR 0008) to an upstream dev broker, against
 * the same load straight to that upstream over TCP, in one run. The upstream (SQLite, every point
 * stored and counted) runs in this process, the bridge in its own (as `npm start -- --upstream`),
 * the MQTT.js publishers in a third. Two loads per route: throughput (the throughput phase's
 * publishers and window) and round trip (one publisher, one publish in flight, back to back).
 */
import os from 'node:os';

import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';
import type { BenchOptions } from '../bench-options.ts';
import type { StoredCheck } from '../bench-target.ts';
import { startHubTarget } from '../hub-target.ts';
import { runLoadInChild } from '../load-runner.ts';
import { round } from '../stats.ts';

import { spawnBridge, type BridgeChild } from './bridge-child.ts';
import { formatBridgeReport, summarizeBridge } from './bridge-report.ts';

export const ROUTES = ['direct tcp', 'bridge tcp', 'bridge ws'] as const;
export type Route = (typeof ROUTES)[number];
export type LoadKind = 'throughput' | 'round trip';

/** One measured load over one route. */
export interface BridgeRun {
  round: number;
  route: Route;
  load: LoadKind;
  msgsPerSec: number;
  /** publish → PUBACK, ms. */
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU of the upstream (this process) and of the bridge process, as a share of one core. */
  upstreamCpuShare: number;
  bridgeCpuShare: number | null;
  /** Points stored upstream vs what the PUBACKed messages carried. */
  stored: StoredCheck | null;
  errors: string[];
}

async function measure(
  route: Route,
  load: LoadKind,
  opts: BenchOptions,
  latencyMs: number,
  roundNo: number,
): Promise<BridgeRun> {
  const publishers = load === 'throughput' ? opts.publishers : 1;
  const upstream = await startHubTarget(opts.storage, publishers);
  let bridge: BridgeChild | null = null;
  try {
    if (route !== 'direct tcp') bridge = await spawnBridge(upstream.tcpUrl);
    const url = !bridge ? upstream.tcpUrl : route === 'bridge ws' ? bridge.wsUrl : bridge.mqttUrl;
    const warmupMs = load === 'throughput' ? opts.warmupMs : 1000;
    const durationMs = load === 'throughput' ? opts.durationMs : latencyMs;
    let cpu = process.cpuUsage();
    let bridgeCpu = Number.NaN;
    /** CPU ms over the measured interval; an object, as the timer callback fills it in. */
    const spent: { value: { upstream: number; bridge: number } | null } = { value: null };
    const sample = () => {
      const used = process.cpuUsage(cpu);
      spent.value = {
        upstream: (used.user + used.system) / 1000,
        bridge: (bridge?.cpuMs() ?? Number.NaN) - bridgeCpu,
      };
    };
    const timers: NodeJS.Timeout[] = [];
    const result = await runLoadInChild(
      {
        url,
        topic: DEVICE_TOPICS.telemetry,
        publishers: upstream.publishers(publishers),
        window: load === 'throughput' ? opts.window : 1,
        warmupMs,
        durationMs,
        drainTimeoutMs: opts.drainTimeoutMs,
        connectTimeoutMs: 10_000,
        baseTs: Date.now() - 86_400_000,
      },
      () => {
        timers.push(
          setTimeout(() => {
            cpu = process.cpuUsage();
            bridgeCpu = bridge?.cpuMs() ?? Number.NaN;
          }, warmupMs),
          setTimeout(sample, warmupMs + durationMs),
        );
      },
    ).finally(() => {
      timers.forEach(clearTimeout);
    });
    // the load may report before our own end-of-interval timer fires
    if (spent.value === null) sample();
    const used = spent.value ?? { upstream: Number.NaN, bridge: Number.NaN };
    const acked = result.publishers.reduce((s, p) => s + p.ackedMeasured, 0);
    return {
      round: roundNo,
      route,
      load,
      msgsPerSec: acked / (result.measuredMs / 1000),
      latencyMs: {
        p50: round(result.latency.p50, 3),
        p99: round(result.latency.p99, 3),
        max: round(result.latency.max, 3),
      },
      upstreamCpuShare: round(used.upstream / durationMs, 3),
      bridgeCpuShare: bridge ? round(used.bridge / durationMs, 3) : null,
      stored: upstream.verify(result.publishers),
      errors: result.publishers.flatMap((p) =>
        p.error === null ? [] : [`${p.clientId}: ${p.error}`],
      ),
    };
  } finally {
    await bridge?.stop();
    await upstream.close();
  }
}

/** Every round of every route and load; prints the table and the verdict. */
export async function runBridgePhase(
  opts: BenchOptions,
  latencyMs: number,
): Promise<{ report: Record<string, unknown>; ok: boolean }> {
  console.log(
    `\nBridge bench: QoS 1 telemetry through a bridge (its own process) to an upstream dev broker ` +
      `(this process, ${opts.storage}) vs straight to it over TCP; throughput ${String(opts.publishers)} publishers × ` +
      `window ${String(opts.window)}, round trip 1 publisher × 1 in flight for ${String(latencyMs / 1000)} s; ` +
      `${String(opts.repeats)} round(s); load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const runs: BridgeRun[] = [];
  const failures: string[] = [];
  for (let roundNo = 1; roundNo <= opts.repeats; roundNo++) {
    const order = roundNo % 2 === 1 ? [...ROUTES] : [...ROUTES].reverse();
    for (const route of order) {
      for (const load of ['throughput', 'round trip'] as const) {
        try {
          const run = await measure(route, load, opts, latencyMs, roundNo);
          runs.push(run);
          console.log(
            `  round ${String(roundNo)} ${route.padEnd(10)} ${load.padEnd(10)}: ${Math.round(run.msgsPerSec).toLocaleString('en-US')} msgs/s, ` +
              `p50 ${run.latencyMs.p50.toFixed(2)} ms, p99 ${run.latencyMs.p99.toFixed(2)} ms, ` +
              `stored ${run.stored?.ok === true ? 'OK' : 'MISMATCH'}`,
          );
          failures.push(...run.errors, ...(run.stored?.problems ?? ['stored points not checked']));
        } catch (error) {
          failures.push(`${route} ${load} round ${String(roundNo)}: ${(error as Error).message}`);
          console.error(`  ${failures.at(-1) ?? ''}`);
        }
      }
    }
  }
  const summary = summarizeBridge(runs);
  for (const line of formatBridgeReport(summary)) console.log(line);
  if (failures.length > 0) console.error(['Bridge bench errors:', ...failures].join('\n  '));
  return {
    report: { ...summary, runs, failures },
    ok: failures.length === 0 && runs.length > 0,
  };
}
