import type { OperatorRpcResult, RpcPhase } from './operator-rpc-bench.ts';

/** The goals for the operator RPC round trip, in ms. */
export const RPC_GOALS = { idleP50: 2, idleP99: 10, loadedP99: 25 } as const;

export interface RpcGoalCheck {
  statement: string;
  measuredMs: number;
  met: boolean;
}

/** Each goal against the measured percentile (a phase with failed calls misses its goals). */
export function checkRpcGoals(r: OperatorRpcResult): RpcGoalCheck[] {
  const check = (statement: string, phase: RpcPhase, value: number, goal: number) => ({
    statement,
    measuredMs: value,
    met: phase.rtt.failed === 0 && phase.rtt.count > 0 && value <= goal,
  });
  return [
    check(`idle p50 <= ${String(RPC_GOALS.idleP50)} ms`, r.idle, r.idle.rtt.p50, RPC_GOALS.idleP50),
    check(`idle p99 <= ${String(RPC_GOALS.idleP99)} ms`, r.idle, r.idle.rtt.p99, RPC_GOALS.idleP99),
    check(
      `loaded p99 <= ${String(RPC_GOALS.loadedP99)} ms`,
      r.loaded,
      r.loaded.rtt.p99,
      RPC_GOALS.loadedP99,
    ),
  ];
}

const f = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const pct = (share: number): string => `${String(Math.round(share * 100))}%`;

/** The printed report: one row per phase, the background load, then each goal. */
export function formatRpcReport(r: OperatorRpcResult): string[] {
  const header = ['phase', 'calls', 'failed', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'];
  const extra = ['loop busy', 'cpu', 'loop delay p99/max', 'load 1m'];
  const row = (name: string, p: RpcPhase): string[] => [
    name,
    `${String(p.rtt.count)}${p.rtt.cutShort ? ' (time budget)' : ''}`,
    String(p.rtt.failed),
    f(p.rtt.p50),
    f(p.rtt.p90),
    f(p.rtt.p99),
    f(p.rtt.max),
    f(p.rtt.mean),
    pct(p.loopUtilization),
    pct(p.cpuShare),
    `${f(p.loopDelayMs.p99, 1)}/${f(p.loopDelayMs.max, 1)}`,
    f(p.loadAvg1m, 1),
  ];
  const rows = [[...header, ...extra], row('idle', r.idle), row('loaded', r.loaded)];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths?.[i] ?? 0) : c.padStart(widths?.[i] ?? 0)))
      .join('  ');
  const bg = r.loaded.background;
  const stored = bg.stored
    ? `${String(bg.stored.storedPoints)}/${String(bg.stored.expectedPoints)} points stored ${bg.stored.ok ? 'OK' : 'MISMATCH'}`
    : 'not checked';
  return [
    'Operator RPC round trip (operator -> broker -> device -> broker -> operator), sequential rpc.send',
    line(rows[0] ?? []),
    ...rows.slice(1).map(line),
    `background telemetry: target ${String(bg.targetRate)} msg/s from ${String(r.options.backgroundPublishers)} devices, ` +
      `achieved ${String(bg.achievedRate)} msg/s (PUBACK p50 ${f(bg.ackLatency.p50)} ms, p99 ${f(bg.ackLatency.p99)} ms); ${stored}` +
      (bg.achievedRate < bg.targetRate * 0.95
        ? ` -- the broker did NOT sustain ${String(bg.targetRate)} msg/s`
        : ''),
    ...(r.idle.rtt.firstError ? [`idle: first failure: ${r.idle.rtt.firstError}`] : []),
    ...(r.loaded.rtt.firstError ? [`loaded: first failure: ${r.loaded.rtt.firstError}`] : []),
    ...bg.errors.map((e) => `background: ${e}`),
    ...checkRpcGoals(r).map(
      (g) => `Goal ${g.statement}: measured ${f(g.measuredMs)} ms -> ${g.met ? 'met' : 'MISSED'}`,
    ),
  ];
}
