/**
 * Command-line flags and environment variables of the telemetry throughput benchmark.
 * A flag wins over its environment variable, which wins over the default.
 */

/** Storage adapter of the dev broker under test. */
export type HubStorage = 'sqlite' | 'memory';

/** Everything a bench run is parameterised by. */
export interface BenchOptions {
  /** Concurrent MQTT.js publishers (one device each on the hub). */
  publishers: number;
  /** QoS 1 publishes each publisher keeps in flight. */
  window: number;
  /** Publishing before the measured interval starts, in ms. */
  warmupMs: number;
  /** The measured interval, in ms. */
  durationMs: number;
  /** Rounds; each round runs aedes and the hub once per transport, alternating. */
  repeats: number;
  /** How long to wait for outstanding PUBACKs after publishing stops, in ms. */
  drainTimeoutMs: number;
  /** Storage of the dev broker under test. */
  storage: HubStorage;
  /** Where the JSON report goes. */
  out: string;
  transports: ('tcp' | 'ws')[];
  /** Which brokers to run (both by default; one alone is handy for profiling). */
  targets: ('aedes' | 'hub')[];
}

interface Spec {
  flag: string;
  env: string;
  help: string;
}

const SPECS = {
  publishers: {
    flag: '--publishers',
    env: 'BENCH_PUBLISHERS',
    help: 'concurrent publishers (default 4)',
  },
  window: {
    flag: '--window',
    env: 'BENCH_WINDOW',
    help: 'in-flight QoS 1 publishes per publisher (default 32)',
  },
  warmupMs: { flag: '--warmup', env: 'BENCH_WARMUP_S', help: 'warm-up seconds (default 2)' },
  durationMs: {
    flag: '--duration',
    env: 'BENCH_DURATION_S',
    help: 'measured seconds (default 10)',
  },
  repeats: {
    flag: '--repeats',
    env: 'BENCH_REPEATS',
    help: 'alternating rounds (default 2; best run reported)',
  },
  drainTimeoutMs: {
    flag: '--drain',
    env: 'BENCH_DRAIN_S',
    help: 'seconds to wait for outstanding PUBACKs (default 10)',
  },
  storage: {
    flag: '--storage',
    env: 'BENCH_STORAGE',
    help: 'hub storage: sqlite | memory (default sqlite)',
  },
  out: {
    flag: '--out',
    env: 'BENCH_OUT',
    help: 'JSON report path (default dev-broker/bench/results.json)',
  },
  transports: {
    flag: '--transports',
    env: 'BENCH_TRANSPORTS',
    help: 'tcp,ws | tcp | ws (default tcp,ws)',
  },
  targets: {
    flag: '--targets',
    env: 'BENCH_TARGETS',
    help: 'aedes,hub | aedes | hub (default aedes,hub)',
  },
} as const satisfies Record<keyof BenchOptions, Spec>;

/** A bad flag or value: the bench prints the message (no stack) and exits with 2. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

/** The usage text printed for `--help`. */
export function usage(): string {
  const lines = Object.values(SPECS).map(
    (s) => `  ${`${s.flag} <v>`.padEnd(20)} ${s.help}  [env ${s.env}]`,
  );
  return ['Usage: npm run bench -- [options]', ...lines].join('\n');
}

function positive(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new BenchUsageError(`${name}: expected a number ≥ ${String(min)}, got "${raw}"`);
  return n;
}

/**
 * Parses `--name value` / `--name=value` flags over `BENCH_*` environment variables.
 * Throws with a readable message on an unknown flag or a bad value.
 */
export function parseBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaultOut: string,
): BenchOptions {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = Object.entries(SPECS).find(([, s]) => s.flag === flag);
    if (!spec) throw new BenchUsageError(`unknown option ${arg}\n${usage()}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new BenchUsageError(`${flag} needs a value`);
    given.set(spec[0], value);
  }
  const raw = (key: keyof BenchOptions): string | undefined =>
    given.get(key) ?? env[SPECS[key].env];
  const num = (key: keyof BenchOptions, fallback: number, min = 1): number => {
    const value = raw(key);
    return value === undefined ? fallback : positive(SPECS[key].flag, value, min);
  };
  const storage = raw('storage') ?? 'sqlite';
  if (storage !== 'sqlite' && storage !== 'memory')
    throw new BenchUsageError(`--storage: expected sqlite or memory, got "${storage}"`);
  const transports = (raw('transports') ?? 'tcp,ws').split(',').map((t) => t.trim());
  if (transports.length === 0 || transports.some((t) => t !== 'tcp' && t !== 'ws')) {
    throw new BenchUsageError(
      `--transports: expected tcp, ws or tcp,ws, got "${transports.join(',')}"`,
    );
  }
  const targets = (raw('targets') ?? 'aedes,hub').split(',').map((t) => t.trim());
  if (targets.length === 0 || targets.some((t) => t !== 'aedes' && t !== 'hub')) {
    throw new BenchUsageError(
      `--targets: expected aedes, hub or aedes,hub, got "${targets.join(',')}"`,
    );
  }
  return {
    publishers: Math.floor(num('publishers', 4)),
    window: Math.floor(num('window', 32)),
    warmupMs: Math.round(num('warmupMs', 2, 0) * 1000),
    durationMs: Math.round(num('durationMs', 10, 0.5) * 1000),
    repeats: Math.floor(num('repeats', 2)),
    drainTimeoutMs: Math.round(num('drainTimeoutMs', 10, 0.5) * 1000),
    storage,
    out: raw('out') ?? defaultOut,
    transports: [...new Set(transports)] as ('tcp' | 'ws')[],
    targets: [...new Set(targets)] as ('aedes' | 'hub')[],
  };
}
