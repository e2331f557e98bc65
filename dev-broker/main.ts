import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createBrokerCore } from './aedes/aedes-adapter.ts';
import { runCli } from './cli/run-cli.ts';
import { applyConfig } from './config/apply-config.ts';
import {
  loadConfigFile,
  parseConfig,
  type ConfigFile,
  type ConfigFileInput,
} from './config/config-file.ts';
import { seedDemo, type DemoInfo } from './config/demo-data.ts';
import { startDemoScenario, type DemoOptions } from './demo/demo-scenario.ts';
import { attachOperatorApi } from './operator/attach-operator-api.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { createHub, type Hub } from './platform/hub.ts';
import { createLogger, type LogLevel, type Logger } from './platform/logger.ts';
import {
  DEFAULT_OPERATOR,
  OperatorAccounts,
  resolveAdminPassword,
} from './platform/operator-accounts.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { Storage } from './storage/storage.ts';
import { listenHttp } from './transport/http-listener.ts';
import { listenTcp } from './transport/tcp-listener.ts';

export interface DevBrokerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** MQTT over TCP; default 1883, 0 picks a free port. */
  mqttPort?: number;
  /** HTTP (console + MQTT over WebSocket at /mqtt); default 8080, 0 picks a free port. */
  httpPort?: number;
  /** SQLite data directory; default ./.iothub-data. */
  dataDir?: string;
  /** `memory` keeps everything in RAM (tests); default `sqlite`. */
  storage?: 'sqlite' | 'memory';
  /** A config object, or the path of a JSON config file. */
  config?: ConfigFileInput | string;
  /**
   * Seed the demo devices and run their simulators over MQTT (default true); an object turns it on
   * with options, e.g. `{ intervalScale: 0.05 }` for fast tests.
   */
  demo?: boolean | DemoOptions;
  /** Built console to serve at `/`; default ./dist when it exists. null serves nothing. */
  staticDir?: string | null;
  logLevel?: LogLevel;
  /** Password of the operator account `admin`; else config `adminPassword`, else stored in the data dir or generated. */
  adminPassword?: string;
  /** Where log lines go; default stdout. */
  logWrite?: (line: string) => void;
}

export interface DevBroker {
  mqttUrl: string;
  wsUrl: string;
  httpUrl: string;
  mqttPort: number;
  httpPort: number;
  hub: Hub;
  demo: DemoInfo | null;
  dataFile: string | null;
  /** The operator account `admin` and its password (ADR 0004). */
  admin: { account: string; password: string; generated: boolean };
  /** Flushes storage and closes every socket. Idempotent. */
  close(): Promise<void>;
}

export const WS_PATH = '/mqtt';

/** Starts the dev broker: MQTT over TCP, the console and MQTT over WebSocket on one HTTP port. */
export async function startDevBroker(options: DevBrokerOptions = {}): Promise<DevBroker> {
  const config: ConfigFile =
    typeof options.config === 'string'
      ? loadConfigFile(options.config)
      : parseConfig(options.config ?? {});
  const log: Logger = createLogger(options.logLevel ?? 'info', options.logWrite);
  const host = options.host ?? '127.0.0.1';
  let dataFile: string | null = null;
  let passwordFile: string | null = null;
  let storage: Storage;
  if (options.storage === 'memory') {
    storage = createMemoryStorage();
  } else {
    const dir = resolve(options.dataDir ?? '.iothub-data');
    mkdirSync(dir, { recursive: true });
    dataFile = join(dir, 'iothub.sqlite');
    passwordFile = join(dir, 'admin-password');
    const { openSqliteStorage } = await import('./storage/sqlite-storage.ts');
    storage = openSqliteStorage({ file: dataFile });
  }
  const admin = resolveAdminPassword(options.adminPassword ?? config.adminPassword, passwordFile);
  const accounts = Object.fromEntries(config.operators.map((o) => [o.name, o.password]));
  const operators = new OperatorAccounts({ ...accounts, [DEFAULT_OPERATOR]: admin.password });
  const hub = await createHub(storage, config.settings, log, operators);
  const operatorApi = attachOperatorApi(hub, log, storage.kind);
  await applyConfig(hub, config);
  const demo = options.demo === false ? null : await seedDemo(hub);
  const core = await createBrokerCore(hub, config.settings, log);
  const tcp = await listenTcp(core, host, options.mqttPort ?? 1883);
  const staticDir =
    options.staticDir === undefined ? join(PACKAGE_ROOT, 'dist') : options.staticDir;
  const http = await listenHttp(core, {
    host,
    port: options.httpPort ?? 8080,
    wsPath: WS_PATH,
    staticDir,
  });
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const urls = {
    mqttUrl: `mqtt://${urlHost}:${String(tcp.port)}`,
    wsUrl: `ws://${urlHost}:${String(http.port)}${WS_PATH}`,
    httpUrl: `http://${urlHost}:${String(http.port)}`,
  };
  operatorApi.setEndpoints({
    host,
    mqttPort: tcp.port,
    httpPort: http.port,
    ...urls,
    counters: () => core.counters(),
  });
  const demoOptions = typeof options.demo === 'object' ? options.demo : {};
  const scenario = demo
    ? startDemoScenario({ hub, demo, mqttUrl: urls.mqttUrl, log, options: demoOptions })
    : null;
  let closing: Promise<void> | null = null;
  return {
    ...urls,
    mqttPort: tcp.port,
    httpPort: http.port,
    hub,
    demo,
    dataFile,
    admin: { account: DEFAULT_OPERATOR, ...admin },
    close() {
      closing ??= (async () => {
        await scenario?.stop(); // the simulated devices disconnect before the listeners close
        await Promise.all([tcp.close(), http.close()]);
        await core.close();
        operatorApi.detach();
        hub.dispose();
        await hub.activity.flush();
        await storage.close();
      })();
      return closing;
    },
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) void runCli(process.argv.slice(2), process.env, startDevBroker);
