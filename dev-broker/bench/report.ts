import type { StoredCheck } from './bench-target.ts';
import { median, round } from './stats.ts';

/** The broker under test: vanilla aedes or the dev broker (hub). */
export type TargetName = 'aedes' | 'hub';
/** MQTT over plain TCP or over WebSocket. */
export type TransportName = 'tcp' | 'ws';

/** One measured run of one target over one transport. */
export interface RunRecord {
  round: number;
  target: TargetName;
  transport: TransportName;
  msgsPerSec: number;
  /** PUBACKs inside the measured interval. */
  ackedMeasured: number;
  /** PUBACKs over the whole run (what storage must hold). */
  ackedTotal: number;
  sent: number;
  failed: number;
  outstanding: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU of the broker process (this one) over the measured interval, share of one core. */
  brokerCpuShare: number;
  /** Event-loop utilization of the broker process over the measured interval (0..1). */
  brokerLoopUtilization: number;
  /** CPU of the load process over the measured interval, share of one core. */
  clientCpuShare: number;
  stored: StoredCheck | null;
  /** 1-minute load average when the run started (other work on the machine skews results). */
  loadAvg1m: number;
  errors: string[];
  details: Record<string, unknown>;
}

/** The run reported for one target and transport, plus every run's throughput. */
export interface SummaryRow {
  target: TargetName;
  transport: TransportName;
  best: RunRecord;
  allMsgsPerSec: number[];
  /** Median msgs/s over the runs (the table reports the best). */
  medianMsgsPerSec: number;
  /** Every run of this row stored every acknowledged point (null for aedes). */
  allStored: boolean | null;
}

/** The hub should reach this share of vanilla aedes' TCP throughput. */
export const GOAL_RATIO = 0.8;

/** Best run (highest msgs/s) per target and transport, in a fixed order. */
export function summarize(runs: readonly RunRecord[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const transport of ['tcp', 'ws'] as const) {
    for (const target of ['aedes', 'hub'] as const) {
      const mine = runs.filter((r) => r.target === target && r.transport === transport);
      const best = mine.reduce<RunRecord | undefined>(
        (b, r) => (!b || r.msgsPerSec > b.msgsPerSec ? r : b),
        undefined,
      );
      if (!best) continue;
      const checks = mine.map((r) => r.stored);
      const allStored = checks.every((c) => c === null)
        ? null
        : checks.every((c) => c?.ok === true);
      rows.push({
        target,
        transport,
        best,
        allMsgsPerSec: mine.map((r) => round(r.msgsPerSec, 0)),
        medianMsgsPerSec: round(median(mine.map((r) => r.msgsPerSec)), 0),
        allStored,
      });
    }
  }
  return rows;
}

/** hub/aedes msgs/s of one transport (best runs, or medians); null when a side is missing. */
export function ratioFor(
  rows: readonly SummaryRow[],
  transport: TransportName,
  of: 'best' | 'median' = 'best',
): number | null {
  const rate = (r: SummaryRow): number => (of === 'best' ? r.best.msgsPerSec : r.medianMsgsPerSec);
  const aedes = rows.find((r) => r.target === 'aedes' && r.transport === transport);
  const hub = rows.find((r) => r.target === 'hub' && r.transport === transport);
  if (!aedes || !hub || rate(aedes) === 0) return null;
  return rate(hub) / rate(aedes);
}

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '-';

function storedCell(row: SummaryRow): string {
  const check = row.best.stored;
  if (!check) return 'n/a (not stored)';
  const mark = check.ok ? 'OK' : 'MISMATCH';
  return `${fmt(check.storedPoints)}/${fmt(check.expectedPoints)} pts ${mark}`;
}

/** The results table as text, one line per target and transport. */
export function formatTable(rows: readonly SummaryRow[]): string {
  const header = [
    'target',
    'transport',
    'msgs/s',
    'p50 ms',
    'p99 ms',
    'stored/acked×5',
    'broker cpu',
    'broker loop',
    'client cpu',
    'msgs/s of each run',
  ];
  const body = rows.map((r) => [
    r.target,
    r.transport,
    fmt(r.best.msgsPerSec),
    fmt(r.best.latencyMs.p50, 2),
    fmt(r.best.latencyMs.p99, 2),
    storedCell(r),
    `${fmt(r.best.brokerCpuShare * 100)}%`,
    `${fmt(r.best.brokerLoopUtilization * 100)}%`,
    `${fmt(r.best.clientCpuShare * 100)}%`,
    r.allMsgsPerSec.map((n) => fmt(n)).join(' / '),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        i < 2 || i === 5 || i === 9 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The ratio, storage check and goal lines under the table. */
export function formatVerdict(rows: readonly SummaryRow[], runs: readonly RunRecord[]): string[] {
  const show = (r: number | null): string => (r === null ? 'n/a' : r.toFixed(2));
  const tcp = ratioFor(rows, 'tcp');
  const hubRuns = runs.filter((r) => r.target === 'hub');
  const storedOk = hubRuns.filter((r) => r.stored?.ok === true).length;
  const allStored = hubRuns.length > 0 && storedOk === hubRuns.length;
  const met = tcp !== null && tcp >= GOAL_RATIO && allStored;
  return [
    `hub/aedes ratio: TCP ${show(tcp)}   WS ${show(ratioFor(rows, 'ws'))}   (best run of each, by msgs/s)`,
    `                 TCP ${show(ratioFor(rows, 'tcp', 'median'))}   WS ${show(ratioFor(rows, 'ws', 'median'))}   (median of the runs)`,
    `Stored check: ${String(storedOk)} of ${String(hubRuns.length)} hub runs stored every PUBACKed point (acked x 5 keys = rows)`,
    `Goal: hub/aedes >= ${GOAL_RATIO.toFixed(1)} on TCP with every acknowledged point stored -> ${met ? 'MET' : 'NOT MET'}` +
      (tcp !== null && tcp < GOAL_RATIO ? ` (TCP ratio ${show(tcp)})` : '') +
      (allStored ? '' : ' (STORED POINTS MISMATCH)'),
  ];
}
