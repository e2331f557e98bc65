import { round } from '../stats.ts';

import type { BridgeRun, Route } from './bridge-phase.ts';

/** The throughput goal of the bridge (issue 12): bridged ≥ 0.7 × direct over TCP. */
export const BRIDGE_GOAL = 0.7;

interface RouteSummary {
  route: Route;
  /** Best throughput run (highest msgs/s) and its ratio to the best direct run. */
  msgsPerSec: number;
  ratio: number;
  throughputLatencyMs: { p50: number; p99: number };
  /** Round trip with one publish in flight: the round with the lowest p50. */
  roundTripMs: { p50: number; p99: number };
  /** Round trip minus the direct route's. */
  addedMs: { p50: number; p99: number };
  upstreamCpuShare: number;
  bridgeCpuShare: number | null;
}

export interface BridgeSummary {
  goal: number;
  routes: RouteSummary[];
  /** Whether every bridged route reached the goal. */
  goalMet: boolean;
}

function best(runs: readonly BridgeRun[], by: (r: BridgeRun) => number): BridgeRun | undefined {
  return [...runs].sort((a, b) => by(a) - by(b))[0];
}

export function summarizeBridge(runs: readonly BridgeRun[]): BridgeSummary {
  const pick = (route: Route) => ({
    throughput: best(
      runs.filter((r) => r.route === route && r.load === 'throughput'),
      (r) => -r.msgsPerSec,
    ),
    roundTrip: best(
      runs.filter((r) => r.route === route && r.load === 'round trip'),
      (r) => r.latencyMs.p50,
    ),
  });
  const direct = pick('direct tcp');
  const routes: RouteSummary[] = [];
  for (const route of ['direct tcp', 'bridge tcp', 'bridge ws'] as const) {
    const { throughput, roundTrip } = pick(route);
    if (!throughput || !roundTrip) continue;
    const base = direct.roundTrip?.latencyMs ?? { p50: Number.NaN, p99: Number.NaN };
    routes.push({
      route,
      msgsPerSec: Math.round(throughput.msgsPerSec),
      ratio: round(throughput.msgsPerSec / (direct.throughput?.msgsPerSec ?? Number.NaN), 3),
      throughputLatencyMs: { p50: throughput.latencyMs.p50, p99: throughput.latencyMs.p99 },
      roundTripMs: { p50: roundTrip.latencyMs.p50, p99: roundTrip.latencyMs.p99 },
      addedMs: {
        p50: round(roundTrip.latencyMs.p50 - base.p50, 3),
        p99: round(roundTrip.latencyMs.p99 - base.p99, 3),
      },
      upstreamCpuShare: throughput.upstreamCpuShare,
      bridgeCpuShare: throughput.bridgeCpuShare,
    });
  }
  const bridged = routes.filter((r) => r.route !== 'direct tcp');
  return {
    goal: BRIDGE_GOAL,
    routes,
    goalMet: bridged.length > 0 && bridged.every((r) => r.ratio >= BRIDGE_GOAL),
  };
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(3)}`;

const pct = (share: number | null) =>
  share === null ? '—' : `${String(Math.round(share * 100))}%`;

/** The table and the verdict lines. */
export function formatBridgeReport(s: BridgeSummary): string[] {
  const header =
    'route        msgs/s   × direct  p50/p99 under load   round trip p50/p99   added p50/p99     cpu upstream/bridge';
  const rows = s.routes.map(
    (r) =>
      `${r.route.padEnd(12)} ${r.msgsPerSec.toLocaleString('en-US').padStart(7)}  ${r.ratio.toFixed(2).padStart(7)}  ` +
      `${`${r.throughputLatencyMs.p50.toFixed(2)} / ${r.throughputLatencyMs.p99.toFixed(2)} ms`.padEnd(20)} ` +
      `${`${r.roundTripMs.p50.toFixed(3)} / ${r.roundTripMs.p99.toFixed(3)} ms`.padEnd(20)} ` +
      `${r.route === 'direct tcp' ? '—'.padEnd(17) : `${signed(r.addedMs.p50)} / ${signed(r.addedMs.p99)} ms`.padEnd(17)} ` +
      `${pct(r.upstreamCpuShare)} / ${pct(r.bridgeCpuShare)}`,
  );
  const verdicts = s.routes
    .filter((r) => r.route !== 'direct tcp')
    .map(
      (r) =>
        `${r.route}: ${r.ratio.toFixed(2)} × the direct rate (goal ≥ ${String(s.goal)}: ${r.ratio >= s.goal ? 'met' : 'MISSED'}); ` +
        `added round trip p50 ${signed(r.addedMs.p50)} ms, p99 ${signed(r.addedMs.p99)} ms`,
    );
  return ['', 'Bridge: best run of each route', header, ...rows, '', ...verdicts];
}
