import os from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';

import { startAedesTarget } from './aedes-target.ts';
import type { BenchOptions } from './bench-options.ts';
import type { BenchTarget } from './bench-target.ts';
import { startHubTarget } from './hub-target.ts';
import type { LoadSpec } from './load-protocol.ts';
import { runLoadInChild } from './load-runner.ts';
import type { RunRecord, TargetName, TransportName } from './report.ts';
import { round } from './stats.ts';

/**
 * Runs the load of `opts` against `target` over `transport`, timing this (the broker's) process CPU
 * over the measured interval, then checks what the target stored.
 */
async function measure(
  target: BenchTarget,
  transport: TransportName,
  opts: BenchOptions,
  roundNo: number,
): Promise<RunRecord> {
  const spec: LoadSpec = {
    url: transport === 'tcp' ? target.tcpUrl : target.wsUrl,
    topic: DEVICE_TOPICS.telemetry,
    publishers: target.publishers(opts.publishers),
    window: opts.window,
    warmupMs: opts.warmupMs,
    durationMs: opts.durationMs,
    drainTimeoutMs: opts.drainTimeoutMs,
    connectTimeoutMs: 10_000,
    baseTs: Date.now() - 86_400_000,
  };
  const loadAvg1m = round(os.loadavg()[0] ?? Number.NaN, 2);
  // CPU time and event-loop utilization of this (the broker's) process over the measured interval.
  let cpuStart = process.cpuUsage();
  let cpuSpent: NodeJS.CpuUsage | undefined;
  let eluStart = performance.eventLoopUtilization();
  let eluSpent: EventLoopUtilization | undefined;
  const timers: NodeJS.Timeout[] = [];
  const result = await runLoadInChild(spec, () => {
    timers.push(
      setTimeout(() => {
        cpuStart = process.cpuUsage();
        eluStart = performance.eventLoopUtilization();
      }, opts.warmupMs),
      setTimeout(() => {
        cpuSpent = process.cpuUsage(cpuStart);
        eluSpent = performance.eventLoopUtilization(eluStart);
      }, opts.warmupMs + opts.durationMs),
    );
  }).finally(() => {
    timers.forEach(clearTimeout);
  });
  const cpu = cpuSpent ?? process.cpuUsage(cpuStart);
  const elu = eluSpent ?? performance.eventLoopUtilization(eluStart);
  const sum = (pick: (p: (typeof result.publishers)[number]) => number): number =>
    result.publishers.reduce((s, p) => s + pick(p), 0);
  const ackedMeasured = sum((p) => p.ackedMeasured);
  return {
    round: roundNo,
    target: target.name,
    transport,
    msgsPerSec: ackedMeasured / (result.measuredMs / 1000),
    ackedMeasured,
    ackedTotal: sum((p) => p.ackedTotal),
    sent: sum((p) => p.sent),
    failed: sum((p) => p.failed),
    outstanding: sum((p) => p.outstanding),
    latencyMs: {
      p50: round(result.latency.p50, 3),
      p99: round(result.latency.p99, 3),
      max: round(result.latency.max, 3),
    },
    brokerCpuShare: round((cpu.user + cpu.system) / 1000 / opts.durationMs, 3),
    brokerLoopUtilization: round(elu.utilization, 3),
    clientCpuShare: round(result.clientCpuShare, 3),
    stored: target.verify(result.publishers),
    loadAvg1m,
    errors: result.publishers.flatMap((p) =>
      p.error === null ? [] : [`${p.clientId}: ${p.error}`],
    ),
    details: target.details(),
  };
}

/** Starts a fresh `name` broker, measures one load over `transport`, closes the broker. */
export async function runOne(
  name: TargetName,
  transport: TransportName,
  opts: BenchOptions,
  roundNo: number,
): Promise<RunRecord> {
  const target =
    name === 'aedes'
      ? await startAedesTarget()
      : await startHubTarget(opts.storage, opts.publishers);
  try {
    return await measure(target, transport, opts, roundNo);
  } finally {
    await target.close();
  }
}

/** One line per finished run, printed as the bench goes. */
export function progressLine(r: RunRecord): string {
  const stored = r.stored
    ? ` stored ${String(r.stored.storedPoints)}/${String(r.stored.expectedPoints)} pts ${r.stored.ok ? 'OK' : 'MISMATCH'}`
    : '';
  return `  round ${String(r.round)} ${r.target.padEnd(5)} ${r.transport}: ${Math.round(r.msgsPerSec).toLocaleString('en-US')} msgs/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, broker cpu ${String(Math.round(r.brokerCpuShare * 100))}% (event loop busy ${String(Math.round(r.brokerLoopUtilization * 100))}%), load ${r.loadAvg1m.toFixed(1)}${stored}`;
}
