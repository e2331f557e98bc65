/**
 * Which phases `npm run bench` runs (`--only`) and the flags of the operator phases. These flags are
 * taken out of argv here; what is left goes to the throughput bench's own parser (bench-options.ts).
 */
import { BenchUsageError } from './bench-options.ts';
import type { DevicesOptions } from './console/devices-report.ts';
import type { OperatorRpcOptions } from './operator-rpc/operator-rpc-bench.ts';
import type { SessionsOptions } from './sessions/sessions-phase.ts';
import type { StartupResetOptions } from './startup-reset-bench.ts';

export const PHASES = [
  'throughput',
  'bridge',
  'operator-rpc',
  'operator-charts',
  'operator-devices',
  'startup-reset',
  'sessions',
] as const;
export type PhaseName = (typeof PHASES)[number];

/** Options of the charts phase (see console/charts-phase.ts). */
export interface ChartsOptions {
  durationS: number;
  devices: number;
  keys: number;
  hz: number;
}

/** Options of the bridge phase (see bridge/bridge-phase.ts); the rest comes from BenchOptions. */
export interface BridgeOptions {
  /** Measured time of each round-trip load (one publish in flight), in ms. */
  latencyMs: number;
}

export interface PhaseOptions {
  only: PhaseName[];
  rpc: OperatorRpcOptions;
  charts: ChartsOptions;
  devices: DevicesOptions;
  bridge: BridgeOptions;
  startup: StartupResetOptions;
  /** The storage comes from the throughput options (`--storage`). */
  sessions: Omit<SessionsOptions, 'storage'>;
}

type NumberFlag = { flag: string; env: string; help: string; fallback: number; min: number };

const RPC: Record<keyof OperatorRpcOptions, NumberFlag> = {
  calls: {
    flag: '--rpc-calls',
    env: 'BENCH_RPC_CALLS',
    help: 'timed rpc.send calls per phase',
    fallback: 2000,
    min: 1,
  },
  warmupCalls: {
    flag: '--rpc-warmup',
    env: 'BENCH_RPC_WARMUP',
    help: 'untimed calls first',
    fallback: 200,
    min: 0,
  },
  backgroundRate: {
    flag: '--rpc-background-rate',
    env: 'BENCH_RPC_BG_RATE',
    help: 'background telemetry msg/s',
    fallback: 10_000,
    min: 1,
  },
  backgroundPublishers: {
    flag: '--rpc-background-devices',
    env: 'BENCH_RPC_BG_DEVICES',
    help: 'background devices',
    fallback: 10,
    min: 1,
  },
  backgroundWindow: {
    flag: '--rpc-background-window',
    env: 'BENCH_RPC_BG_WINDOW',
    help: 'in-flight QoS 1 per background device',
    fallback: 16,
    min: 1,
  },
  backgroundWarmupMs: {
    flag: '--rpc-background-warmup',
    env: 'BENCH_RPC_BG_WARMUP_S',
    help: 'seconds of background before timing',
    fallback: 3,
    min: 0,
  },
  budgetMs: {
    flag: '--rpc-budget',
    env: 'BENCH_RPC_BUDGET_S',
    help: 'max seconds of timed calls per phase',
    fallback: 60,
    min: 1,
  },
};
const SECONDS = new Set<string>(['backgroundWarmupMs', 'budgetMs']);

const CHARTS: Record<keyof ChartsOptions, NumberFlag> = {
  durationS: {
    flag: '--charts-duration',
    env: 'BENCH_CHARTS_DURATION_S',
    help: 'seconds of live charts',
    fallback: 60,
    min: 1,
  },
  devices: {
    flag: '--charts-devices',
    env: 'BENCH_CHARTS_DEVICES',
    help: 'publishing devices',
    fallback: 20,
    min: 1,
  },
  keys: {
    flag: '--charts-keys',
    env: 'BENCH_CHARTS_KEYS',
    help: 'numeric keys per message',
    fallback: 5,
    min: 1,
  },
  hz: {
    flag: '--charts-hz',
    env: 'BENCH_CHARTS_HZ',
    help: 'messages per device a second',
    fallback: 10,
    min: 0.1,
  },
};

const DEVICES: Record<keyof DevicesOptions, NumberFlag> = {
  devices: {
    flag: '--list-devices',
    env: 'BENCH_LIST_DEVICES',
    help: 'configured devices in the operator list',
    fallback: 19_000,
    min: 1,
  },
  scrollStep: {
    flag: '--list-scroll-step',
    env: 'BENCH_LIST_SCROLL_STEP',
    help: 'px the list scrolls per step',
    fallback: 2_000,
    min: 1,
  },
};

const BRIDGE: Record<keyof BridgeOptions, NumberFlag> = {
  latencyMs: {
    flag: '--bridge-latency',
    env: 'BENCH_BRIDGE_LATENCY_S',
    help: 'seconds of each bridge round-trip load',
    fallback: 5,
    min: 0.5,
  },
};

const STARTUP: Record<keyof StartupResetOptions, NumberFlag> = {
  runs: {
    flag: '--startup-runs',
    env: 'BENCH_STARTUP_RUNS',
    help: 'timed starts and resets',
    fallback: 20,
    min: 1,
  },
  devices: {
    flag: '--startup-devices',
    env: 'BENCH_STARTUP_DEVICES',
    help: 'configured devices',
    fallback: 100,
    min: 1,
  },
};

const SESSIONS: Record<keyof PhaseOptions['sessions'], NumberFlag> = {
  sessions: {
    flag: '--sessions',
    env: 'BENCH_SESSIONS',
    help: 'device sessions held open at once (the file limit is per process)',
    fallback: 19_000,
    min: 1,
  },
  window: {
    flag: '--sessions-window',
    env: 'BENCH_SESSIONS_WINDOW',
    help: 'CONNECTs waiting for their CONNACK at once',
    fallback: 200,
    min: 1,
  },
};

/** Every flag of these phases. */
const FLAGS = [RPC, CHARTS, DEVICES, BRIDGE, STARTUP, SESSIONS].flatMap((specs) =>
  Object.values<NumberFlag>(specs),
);

/** The usage lines of these flags. */
export function phaseUsage(): string {
  const flags = FLAGS.map(
    (s) =>
      `  ${`${s.flag} <v>`.padEnd(28)} ${s.help} (default ${String(s.fallback)})  [env ${s.env}]`,
  );
  return [
    `  ${'--only <phases>'.padEnd(28)} comma list of ${PHASES.join(', ')} (default all)  [env BENCH_ONLY]`,
    ...flags,
  ].join('\n');
}

/** Takes `--only` and the operator flags out of `argv`; returns them and the remaining arguments. */
export function parsePhaseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { phases: PhaseOptions; rest: string[] } {
  const given = new Map<string, string>();
  const rest: string[] = [];
  const known = new Set(['--only', ...FLAGS.map((s) => s.flag)]);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new BenchUsageError(`${flag} needs a value`);
    given.set(flag, value);
  }
  const num = (s: NumberFlag): number => {
    const raw = given.get(s.flag) ?? env[s.env];
    if (raw === undefined) return s.fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < s.min)
      throw new BenchUsageError(`${s.flag}: expected a number >= ${String(s.min)}, got "${raw}"`);
    return n;
  };
  const pick = <K extends string>(specs: Record<K, NumberFlag>, seconds = new Set<string>()) =>
    Object.fromEntries(
      Object.entries<NumberFlag>(specs).map(([k, s]) => [
        k,
        seconds.has(k) ? num(s) * 1000 : num(s),
      ]),
    ) as Record<K, number>;
  const only = (given.get('--only') ?? env.BENCH_ONLY ?? PHASES.join(','))
    .split(',')
    .map((p) => p.trim());
  const bad = only.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (bad.length > 0 || only.length === 0)
    throw new BenchUsageError(
      `--only: expected a comma list of ${PHASES.join(', ')}, got "${only.join(',')}"`,
    );
  const rpc = pick(RPC, SECONDS);
  for (const k of ['calls', 'warmupCalls', 'backgroundPublishers', 'backgroundWindow'] as const)
    rpc[k] = Math.floor(rpc[k]);
  return {
    phases: {
      only: PHASES.filter((p) => only.includes(p)),
      rpc,
      charts: pick(CHARTS),
      devices: { devices: Math.floor(num(DEVICES.devices)), scrollStep: num(DEVICES.scrollStep) },
      bridge: pick(BRIDGE, new Set(['latencyMs'])),
      startup: { runs: Math.floor(num(STARTUP.runs)), devices: Math.floor(num(STARTUP.devices)) },
      sessions: {
        sessions: Math.floor(num(SESSIONS.sessions)),
        window: Math.floor(num(SESSIONS.window)),
      },
    },
    rest,
  };
}
