import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { BrokerSnapshot } from '../src/protocol/broker-snapshot.ts';
import type { HealthResponse, HealthUnavailable } from '../src/protocol/http-api.ts';

import { createBrokerCore } from './aedes/aedes-adapter.ts';
import { createBridge, type Bridge } from './bridge/bridge.ts';
import { createFrontDoor } from './bridge/front-door.ts';
import type { UpstreamOptions } from './bridge/upstream-target.ts';
import { runCli } from './cli/run-cli.ts';
import { applyConfig } from './config/apply-config.ts';
import {
  ConfigError,
  loadConfigFile,
  parseConfig,
  type ConfigFile,
  type ConfigFileInput,
} from './config/config-file.ts';
import { seedDemo, type DemoInfo } from './config/demo-data.ts';
import { startDemoScenario, type DemoOptions } from './demo/demo-scenario.ts';
import type { Faults } from './faults/faults.ts';
import { attachOperatorApi } from './operator/attach-operator-api.ts';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './package-root.ts';
import { createHub, type Hub } from './platform/hub.ts';
import { createLogger, type LogLevel, type Logger } from './platform/logger.ts';
import {
  DEFAULT_OPERATOR,
  MIN_PASSWORD_LENGTH,
  OperatorAccounts,
  resolveAdminPassword,
  type AdminPasswordSource,
} from './platform/operator-accounts.ts';
import { createBrokerState, type ReplaceSummary } from './state/broker-state.ts';
import { seedFromConfig } from './state/config-seed.ts';
import { readSnapshotFile, writeSnapshotFile } from './state/snapshot-file.ts';
import { openStorage } from './storage/open-storage.ts';
import type { StorageThread } from './storage/storage-thread.ts';
import { createWaitFor, type WaitFor } from './testing/wait-for.ts';
import { createHttpApi } from './transport/http-api.ts';
import { listenHttp, wsLimits } from './transport/http-listener.ts';
import { serveInfo } from './transport/info-endpoint.ts';
import { listenTcp } from './transport/tcp-listener.ts';

export type { BrokerSnapshot } from '../src/protocol/broker-snapshot.ts';
export type { FaultKind, FaultRuleDto, FaultRuleInput } from '../src/protocol/faults.ts';
export type { HealthResponse } from '../src/protocol/http-api.ts';
export type { ConfigFileInput } from './config/config-file.ts';
export type { Faults, FaultRule } from './faults/faults.ts';
export type { ReplaceSummary } from './state/broker-state.ts';
export type {
  AttributeWait,
  EventWait,
  RpcWait,
  SessionState,
  SessionWait,
  TelemetryWait,
  WaitFor,
} from './testing/wait-for.ts';
export { WaitAbortedError, WaitTimeoutError } from './testing/wait-for.ts';

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
  /** Where SQLite writes run: a storage worker thread or the event loop (ADR 0010). */
  storageThread?: StorageThread;
  /** A config object, or the path of a JSON config file. */
  config?: ConfigFileInput | string;
  /**
   * Seed the demo devices and run their simulators over MQTT (default true); an object turns it on
   * with options, e.g. `{ intervalScale: 0.05 }` for fast tests.
   */
  demo?: boolean | DemoOptions;
  /** Built console to serve at `/`; default the package's dist/. null serves nothing. */
  staticDir?: string | null;
  logLevel?: LogLevel;
  /** Password of the operator account `admin`; else config `adminPassword`, else stored in the data dir or generated. */
  adminPassword?: string;
  /** Where log lines go; default stdout. */
  logWrite?: (line: string) => void;
  /**
   * A snapshot to start from (an object, or the path of a snapshot JSON file, like `--import FILE`): it
   * replaces the stored state before the config and the demo devices are applied, and becomes the seed
   * that `reset()` returns to.
   */
  initialState?: BrokerSnapshot | string;
  /** Writes a snapshot of the final state to this file on `close()` (like `--export-on-exit FILE`). */
  exportOnExit?: string;
  /**
   * Bridge mode (ADR 0008): device sessions are relayed one to one to this upstream hub instead of
   * being served locally. Without `onlyFor`, every device session is bridged and no demo runs.
   */
  upstream?: UpstreamOptions;
}

export interface DevBroker {
  mqttUrl: string;
  wsUrl: string;
  httpUrl: string;
  mqttPort: number;
  httpPort: number;
  /** The package version. */
  version: string;
  hub: Hub;
  /** Fault injection rules (ADR 0011), the same as `hub.faults`. */
  faults: Faults;
  demo: DemoInfo | null;
  dataFile: string | null;
  /** The operator account `admin`, its password (ADR 0004) and where that came from. */
  admin: { account: string; password: string; generated: boolean; source: AdminPasswordSource };
  /**
   * Back to the seed state: what the broker started with — the config's profiles and devices (and the
   * demo devices), or `initialState` — and nothing else. Device and provisioning sessions are closed;
   * ids and credentials of the seeded devices stay the same.
   */
  reset(): Promise<ReplaceSummary>;
  /** The whole stored state (and the client RPC rules) as one JSON-ready document. */
  snapshot(): BrokerSnapshot;
  /** Replaces the whole state with a snapshot (object or JSON text); a bad one changes nothing. */
  restore(snapshot: BrokerSnapshot | string): Promise<ReplaceSummary>;
  /** Waits for telemetry, attributes, RPC states, sessions and events — by broker events, no polling. */
  waitFor: WaitFor;
  /** Bridge mode's sessions and settings; null without `upstream`. */
  bridge: Bridge | null;
  /** Flushes storage (after writing `exportOnExit`) and closes every socket. Idempotent. */
  close(): Promise<void>;
}

export const WS_PATH = '/mqtt';

/** Starts the dev broker: MQTT over TCP, the console and MQTT over WebSocket on one HTTP port. */
export async function startDevBroker(options: DevBrokerOptions = {}): Promise<DevBroker> {
  const startedAt = Date.now();
  const config: ConfigFile =
    typeof options.config === 'string'
      ? loadConfigFile(options.config)
      : parseConfig(options.config ?? {});
  const initial =
    typeof options.initialState === 'string'
      ? readSnapshotFile(options.initialState)
      : options.initialState;
  const log: Logger = createLogger(options.logLevel ?? 'info', options.logWrite);
  const host = options.host ?? '127.0.0.1';
  const bridge = options.upstream ? createBridge(options.upstream, log) : null;
  const storageKind = options.storage ?? 'sqlite';
  const { storage, dataFile, passwordFile } = await openStorage(
    storageKind,
    options.dataDir ?? '.iothub-data',
    options.storageThread,
  );
  const admin = resolveAdminPassword(givenAdminPassword(options, config), passwordFile);
  const accounts = Object.fromEntries(config.operators.map((o) => [o.name, o.password]));
  const operators = new OperatorAccounts({ ...accounts, [DEFAULT_OPERATOR]: admin.password });
  const hub = await createHub(storage, config.settings, log, operators);
  let seed: BrokerSnapshot | undefined;
  // The demo's devices exist only here: with every device session bridged they could not connect.
  const withDemo = options.demo !== false && bridge?.rule.scope !== 'all';
  // A start from memory or from a snapshot is its own seed; SQLite data from earlier runs is not.
  const state = createBrokerState(hub, storage, () => seed ?? seedFromConfig(config, withDemo));
  const waitFor = createWaitFor(hub, state);
  if (initial) await state.restore(initial);
  const operatorApi = attachOperatorApi(hub, log, storage.kind, state);
  await applyConfig(hub, config);
  const demo = withDemo ? await seedDemo(hub) : null;
  if (storageKind === 'memory' || initial) seed = state.snapshot();
  const core = await createBrokerCore(hub, config.settings, log);
  const sink = bridge ? createFrontDoor(core, bridge, log) : core;
  const tcp = await listenTcp(sink, log, host, options.mqttPort ?? 1883);
  const staticDir =
    options.staticDir === undefined ? join(PACKAGE_ROOT, 'dist') : options.staticDir;
  let health: HealthResponse | HealthUnavailable = { status: 'starting' };
  const testingApi = createHttpApi({
    health: () =>
      health.status === 'ok' ? { ...health, uptimeMs: Date.now() - startedAt } : health,
    verify: (account, password) => operators.verify(account, password),
    state,
    log,
  });
  const http = await listenHttp(sink, log, {
    host,
    port: options.httpPort ?? 8080,
    wsPath: WS_PATH,
    staticDir,
    ...wsLimits(config.settings.maxPayloadSize),
    api: (req, res) => testingApi(req, res) || serveInfo(bridge, req, res),
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
  // Both listeners accept connections from here on.
  health = {
    status: 'ok',
    name: 'iothub-dev-broker',
    version: PACKAGE_VERSION,
    startedAt,
    uptimeMs: 0,
    storage: storage.kind,
    ports: { mqtt: tcp.port, http: http.port },
    urls: { mqtt: urls.mqttUrl, ws: urls.wsUrl, http: urls.httpUrl },
  };
  let closing: Promise<void> | null = null;
  return {
    ...urls,
    mqttPort: tcp.port,
    httpPort: http.port,
    version: PACKAGE_VERSION,
    hub,
    faults: hub.faults,
    demo,
    dataFile,
    admin: { account: DEFAULT_OPERATOR, ...admin },
    reset: () => state.reset(),
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot),
    waitFor,
    bridge,
    close() {
      closing ??= (async () => {
        health = { status: 'stopping' };
        await scenario?.stop(); // the simulated devices disconnect before the listeners close
        bridge?.close();
        await Promise.all([tcp.close(), http.close()]);
        await core.close();
        operatorApi.detach();
        waitFor.dispose();
        if (options.exportOnExit !== undefined) {
          await hub.activity.flush();
          writeSnapshotFile(options.exportOnExit, state.snapshot());
        }
        hub.dispose();
        await hub.activity.flush();
        await storage.close();
      })();
      return closing;
    },
  };
}

/** The admin password given as an option (IOTHUB_ADMIN_PASSWORD in the CLI) or in the config. */
function givenAdminPassword(
  options: DevBrokerOptions,
  config: ConfigFile,
): { password: string; source: 'option' | 'config' } | undefined {
  if (options.adminPassword === undefined) {
    // the config schema already holds adminPassword and operators to MIN_PASSWORD_LENGTH
    return config.adminPassword === undefined
      ? undefined
      : { password: config.adminPassword, source: 'config' };
  }
  if (options.adminPassword.length < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(
      `the admin password (IOTHUB_ADMIN_PASSWORD / adminPassword option) must be at least ${String(MIN_PASSWORD_LENGTH)} characters, got ${String(options.adminPassword.length)}; choose a longer one, or leave it unset to have one generated into the data dir`,
    );
  }
  return { password: options.adminPassword, source: 'option' };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) void runCli(process.argv.slice(2), process.env, startDevBroker);
