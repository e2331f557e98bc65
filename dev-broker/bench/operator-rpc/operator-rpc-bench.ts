import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { connectOperator } from '../../../src/client/adapters/connect-operator.ts';
import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';
import type { StoredCheck } from '../bench-target.ts';
import { startHubTarget, type HubTarget } from '../hub-target.ts';
import type { LoadResult, LoadSpec } from '../load-protocol.ts';
import { runLoadInChild } from '../load-runner.ts';
import { round } from '../stats.ts';

import { measureRoundTrips, type RoundTripStats } from './measure-round-trips.ts';
import { startRpcResponder } from './rpc-responder.ts';

/** Parameters of the operator RPC bench (flags in phase-options.ts). */
export interface OperatorRpcOptions {
  /** Untimed calls before each phase. */
  warmupCalls: number;
  /** Timed sequential calls per phase. */
  calls: number;
  /** Background telemetry messages a second in the loaded phase (all publishers together). */
  backgroundRate: number;
  /** Background devices, each its own MQTT.js client in the load child process. */
  backgroundPublishers: number;
  /** Background publishing before the loaded phase's RPC calls start, in ms. */
  backgroundWarmupMs: number;
  /** QoS 1 publishes each background device may have in flight (bounds the broker's backlog). */
  backgroundWindow: number;
  /** Each phase stops timing new calls after this many ms. */
  budgetMs: number;
}

/** One phase: round trips plus what the broker process spent meanwhile. */
export interface RpcPhase {
  rtt: RoundTripStats;
  /** Event-loop utilization of the bench process (broker + operator + device clients), 0..1. */
  loopUtilization: number;
  /** CPU of the bench process, share of one core. */
  cpuShare: number;
  /**
   * Event-loop delay of the bench process (monitorEventLoopDelay, 1 ms resolution), ms: how long a
   * ready callback waited. A p99 round trip close to `max` here means the calls waited on stalls of
   * the process (synchronous work or the OS not scheduling it), not on the broker's logic.
   */
  loopDelayMs: { p50: number; p99: number; max: number };
  loadAvg1m: number;
}

/** The loaded phase also reports what the background load achieved. */
export interface LoadedPhase extends RpcPhase {
  background: {
    targetRate: number;
    /** PUBACKed background messages a second while the RPC calls were timed. */
    achievedRate: number;
    /** publish → PUBACK of the background messages, ms. */
    ackLatency: { p50: number; p99: number; max: number };
    sent: number;
    acked: number;
    outstanding: number;
    clientCpuShare: number;
    stored: StoredCheck | null;
    errors: string[];
  };
}

export interface OperatorRpcResult {
  options: OperatorRpcOptions;
  idle: RpcPhase;
  loaded: LoadedPhase;
}

const RPC_DEVICE = { name: 'bench-rpc-device', token: 'bench-rpc-token' };

async function timed(run: () => Promise<RoundTripStats>): Promise<RpcPhase> {
  const loadAvg1m = round(os.loadavg()[0] ?? Number.NaN, 2);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const rtt = await run().finally(() => {
    delay.disable();
  });
  const wallMs = performance.now() - t0;
  const spent = process.cpuUsage(cpu);
  const delayMs = (ns: number): number => round(ns / 1e6, 2);
  return {
    rtt,
    loopUtilization: round(performance.eventLoopUtilization(elu).utilization, 3),
    cpuShare: round((spent.user + spent.system) / 1000 / wallMs, 3),
    loopDelayMs: {
      p50: delayMs(delay.percentile(50)),
      p99: delayMs(delay.percentile(99)),
      max: delayMs(delay.max),
    },
    loadAvg1m,
  };
}

async function loadedPhase(
  target: HubTarget,
  measure: () => Promise<RpcPhase>,
  opts: OperatorRpcOptions,
): Promise<LoadedPhase> {
  const spec: LoadSpec = {
    url: target.tcpUrl,
    topic: DEVICE_TOPICS.telemetry,
    publishers: target.publishers(opts.backgroundPublishers),
    window: opts.backgroundWindow,
    warmupMs: opts.backgroundWarmupMs,
    // An upper bound: the load stops as soon as the timed calls are done.
    durationMs: 600_000,
    drainTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    baseTs: Date.now() - 86_400_000,
    ratePerPublisher: opts.backgroundRate / opts.backgroundPublishers,
  };
  const stop = new AbortController();
  let started: () => void = () => undefined;
  const warm = new Promise<void>((resolve) => (started = resolve));
  const load = runLoadInChild(spec, started, stop.signal);
  let phase: RpcPhase;
  try {
    await Promise.race([warm, load]);
    await sleep(opts.backgroundWarmupMs);
    phase = await measure();
  } finally {
    stop.abort();
  }
  const result: LoadResult = await load;
  const sum = (pick: (p: LoadResult['publishers'][number]) => number): number =>
    result.publishers.reduce((s, p) => s + pick(p), 0);
  const measured = sum((p) => p.ackedMeasured);
  return {
    ...phase,
    background: {
      targetRate: opts.backgroundRate,
      achievedRate: round(result.measuredMs > 0 ? measured / (result.measuredMs / 1000) : 0, 0),
      ackLatency: {
        p50: round(result.latency.p50, 2),
        p99: round(result.latency.p99, 2),
        max: round(result.latency.max, 2),
      },
      sent: sum((p) => p.sent),
      acked: sum((p) => p.ackedTotal),
      outstanding: sum((p) => p.outstanding),
      clientCpuShare: round(result.clientCpuShare, 3),
      stored: target.verify(result.publishers),
      errors: result.publishers.flatMap((p) =>
        p.error === null ? [] : [`${p.clientId}: ${p.error}`],
      ),
    },
  };
}

/**
 * The dev broker in this process on a fresh SQLite data dir (like `npm start`, no demo), an operator
 * session and an answering device over TCP in this process too; background telemetry publishers in a
 * child process. Idle phase first, then the loaded phase.
 */
export async function runOperatorRpcBench(opts: OperatorRpcOptions): Promise<OperatorRpcResult> {
  const target = await startHubTarget('sqlite', opts.backgroundPublishers, [RPC_DEVICE]);
  const closers: (() => Promise<void>)[] = [() => target.close()];
  try {
    const responder = await startRpcResponder(target.tcpUrl, RPC_DEVICE.token);
    closers.unshift(() => responder.close());
    // Replies subscribed at QoS 0: a reply costs the broker one PUBLISH and no PUBACK.
    const operator = await connectOperator({
      url: target.tcpUrl,
      password: target.broker.admin.password,
      timeoutMs: 15_000,
      idPrefix: 'bench',
    });
    closers.unshift(() => operator.close());
    await operator.client.subscribeResponses(0);
    const caller = operator.client;
    const measure = (): Promise<RpcPhase> =>
      timed(() =>
        measureRoundTrips(caller, RPC_DEVICE.name, {
          warmup: opts.warmupCalls,
          calls: opts.calls,
          budgetMs: opts.budgetMs,
        }),
      );
    const idle = await measure();
    const loaded = await loadedPhase(target, measure, opts);
    return { options: opts, idle, loaded };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}
