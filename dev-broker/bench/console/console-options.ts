/** Options of the console bench, read from `--key value` arguments. */
export interface ConsoleBenchOptions {
  /** Length of the load phase in seconds (default 60). */
  durationS: number;
  /** Shared-attribute pushes per second to the console's device (default 1,000). */
  rate: number;
  /** OTA package size in bytes (default 4 MiB). */
  otaBytes: number;
  /** OTA chunk size in bytes (default 65,536). */
  chunkSize: number;
  /** Where the results are written. */
  out: string;
}

const DEFAULTS: ConsoleBenchOptions = {
  durationS: 60,
  rate: 1_000,
  otaBytes: 4 * 1024 * 1024,
  chunkSize: 65_536,
  out: 'dev-broker/bench/results-console.json',
};

const NUMERIC: Record<string, keyof Omit<ConsoleBenchOptions, 'out'>> = {
  '--duration': 'durationS',
  '--rate': 'rate',
  '--ota-bytes': 'otaBytes',
  '--chunk-size': 'chunkSize',
};

export function parseConsoleOptions(argv: readonly string[]): ConsoleBenchOptions {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (flag === '--out' && value !== undefined) {
      options.out = value;
      i += 1;
      continue;
    }
    const key = NUMERIC[flag];
    if (key === undefined || value === undefined) continue;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
    options[key] = n;
    i += 1;
  }
  return options;
}
