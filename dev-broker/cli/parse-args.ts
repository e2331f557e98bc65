import type { LogLevel } from '../platform/logger.ts';
import {
  DEFAULT_STORAGE_THREAD,
  STORAGE_THREADS,
  type StorageThread,
} from '../storage/storage-thread.ts';

import { readCommandLine, UsageError, type FlagSpec } from './command-line.ts';
import {
  UPSTREAM_USAGE,
  upstreamArgsFromEnv,
  upstreamFlag,
  type UpstreamArgs,
} from './upstream-args.ts';

export interface CliOptions {
  host: string;
  mqttPort: number;
  httpPort: number;
  dataDir: string;
  storage: 'sqlite' | 'memory';
  config: string | undefined;
  /** A snapshot file to start from. */
  importFile: string | undefined;
  /** Where to write a snapshot of the final state on exit. */
  exportOnExit: string | undefined;
  demo: boolean;
  logLevel: LogLevel;
  /** Where SQLite writes run (ADR 0010). */
  storageThread: StorageThread;
  /** Operator `admin` password (env only, so it stays out of `ps` output). */
  adminPassword: string | undefined;
  /** Bridge-mode flags (file paths); run-cli.ts reads the files (ADR 0008). */
  upstream: UpstreamArgs;
  help: boolean;
}

export const USAGE = `Usage: npx iothub-dev-broker [options]   (in its repository: npm start -- [options])

  --host <addr>        interface to bind            env IOTHUB_HOST        default 127.0.0.1
  --mqtt-port <n>      MQTT over TCP port (0=any)   env IOTHUB_MQTT_PORT   default 1883
  --http-port <n>      console + MQTT/WS port       env IOTHUB_HTTP_PORT   default 8080
  --data-dir <dir>     SQLite data directory        env IOTHUB_DATA_DIR    default ./.iothub-data
  --storage <kind>     sqlite | memory              env IOTHUB_STORAGE     default sqlite
  --config <file>      JSON config file             env IOTHUB_CONFIG
  --import <file>      start from a snapshot file   env IOTHUB_IMPORT      (also the state reset returns to)
  --export-on-exit <file>  write a snapshot there on SIGINT/SIGTERM  env IOTHUB_EXPORT_ON_EXIT
  --no-demo            do not seed demo devices     env IOTHUB_DEMO=false
  --log-level <lvl>    debug|info|warn|error        env IOTHUB_LOG_LEVEL   default info
  --storage-thread <t> main|worker: where SQLite    env IOTHUB_STORAGE_THREAD default ${DEFAULT_STORAGE_THREAD}
                       writes run (docs/adr/0010)
                       operator "admin" password    env IOTHUB_ADMIN_PASSWORD (else config adminPassword,
                                                    else generated and stored in the data dir)
  --help               show this help
${UPSTREAM_USAGE}`;

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'silent']);

const FLAGS: FlagSpec = {
  host: { type: 'string' },
  'mqtt-port': { type: 'string' },
  'http-port': { type: 'string' },
  'data-dir': { type: 'string' },
  storage: { type: 'string' },
  config: { type: 'string' },
  import: { type: 'string' },
  'export-on-exit': { type: 'string' },
  'no-demo': { type: 'boolean' },
  'log-level': { type: 'string' },
  'storage-thread': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  upstream: { type: 'string' },
  'upstream-ca': { type: 'string' },
  'upstream-cert': { type: 'string' },
  'upstream-key': { type: 'string' },
  'upstream-only-for': { type: 'string' },
  'upstream-max-sessions': { type: 'string' },
};

function port(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new UsageError(`${name} must be a port number 0-65535, got "${raw}"`);
  return Number(raw);
}

/** `main` or `worker` (ADR 0010); unset is the default. */
export function storageThread(name: string, raw: string | undefined): StorageThread {
  if (raw === undefined || raw === '') return DEFAULT_STORAGE_THREAD;
  const found = STORAGE_THREADS.find((t) => t === raw);
  if (!found) throw new UsageError(`${name} must be ${STORAGE_THREADS.join(' or ')}, got "${raw}"`);
  return found;
}

function storageKind(name: string, raw: string): 'sqlite' | 'memory' {
  if (raw !== 'sqlite' && raw !== 'memory')
    throw new UsageError(`${name} must be sqlite or memory, got "${raw}"`);
  return raw;
}

/** An empty value (flag or environment) means "not set". */
const nonEmpty = (value: string | undefined): string | undefined =>
  value === '' ? undefined : value;

/** Flags win over environment variables, which win over defaults. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { flags, positionals } = readCommandLine(argv, FLAGS);
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${positionals.map((p) => `"${p}"`).join(', ')}`);
  const flag = (name: string): string | undefined => {
    const value = flags.get(name);
    return value === true ? undefined : value;
  };
  const mqttPort = flag('mqtt-port');
  const httpPort = flag('http-port');
  const opts: CliOptions = {
    host: flag('host') ?? env.IOTHUB_HOST ?? '127.0.0.1',
    mqttPort:
      mqttPort === undefined
        ? port('IOTHUB_MQTT_PORT', env.IOTHUB_MQTT_PORT ?? '1883')
        : port('--mqtt-port', mqttPort),
    httpPort:
      httpPort === undefined
        ? port('IOTHUB_HTTP_PORT', env.IOTHUB_HTTP_PORT ?? '8080')
        : port('--http-port', httpPort),
    dataDir: nonEmpty(flag('data-dir') ?? env.IOTHUB_DATA_DIR) ?? '.iothub-data',
    storage: storageKind(
      flags.has('storage') ? '--storage' : 'IOTHUB_STORAGE',
      flag('storage') ?? env.IOTHUB_STORAGE ?? 'sqlite',
    ),
    config: flag('config') ?? env.IOTHUB_CONFIG,
    importFile: nonEmpty(flag('import') ?? env.IOTHUB_IMPORT),
    exportOnExit: nonEmpty(flag('export-on-exit') ?? env.IOTHUB_EXPORT_ON_EXIT),
    demo: !flags.has('no-demo') && env.IOTHUB_DEMO !== 'false' && env.IOTHUB_DEMO !== '0',
    logLevel: (flag('log-level') ?? env.IOTHUB_LOG_LEVEL ?? 'info') as LogLevel,
    storageThread: storageThread(
      flags.has('storage-thread') ? '--storage-thread' : 'IOTHUB_STORAGE_THREAD',
      flag('storage-thread') ?? env.IOTHUB_STORAGE_THREAD,
    ),
    adminPassword: env.IOTHUB_ADMIN_PASSWORD === '' ? undefined : env.IOTHUB_ADMIN_PASSWORD,
    upstream: upstreamArgsFromEnv(env),
    help: flags.has('help'),
  };
  for (const [name, value] of flags) {
    const field = upstreamFlag(`--${name}`);
    if (field !== undefined && value !== true) opts.upstream[field] = value;
  }
  if (!LEVELS.has(opts.logLevel))
    throw new UsageError(`--log-level must be one of debug, info, warn, error`);
  return opts;
}
