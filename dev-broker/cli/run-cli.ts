import type { BridgeInfo } from '../../src/protocol/broker-info.ts';
import { HTTP_PATHS } from '../../src/protocol/http-api.ts';
import { outboundTopic } from '../../src/protocol/topics.ts';
import { ConfigError } from '../config/config-file.ts';
import type { DemoDeviceKind, DemoInfo } from '../config/demo-data.ts';
import type { DevBroker, DevBrokerOptions } from '../main.ts';

import { UsageError } from './command-line.ts';
import { USAGE, parseArgs } from './parse-args.ts';
import { loadUpstream } from './upstream-args.ts';

/** The `npm start` entry: parse options, start, print the banner, shut down on SIGINT/SIGTERM. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  startDevBroker: (options: DevBrokerOptions) => Promise<DevBroker>,
): Promise<void> {
  let broker: DevBroker | undefined;
  // How long a shutdown may take before the process gives up (writing an export can take a while).
  const state = { stopping: false, guardMs: 2000 };
  // Signal handlers go in first: a signal that arrives while starting (or right after the banner) is
  // then a clean shutdown, never Node's default kill.
  const stop = (signal: string) => {
    if (state.stopping) return;
    state.stopping = true;
    process.stdout.write(`\n${signal}: shutting down…\n`);
    const force = setTimeout(() => process.exit(1), state.guardMs);
    force.unref();
    (broker ? broker.close() : Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    const opts = parseArgs(argv, env);
    if (opts.help) {
      process.stdout.write(USAGE);
      return;
    }
    if (opts.exportOnExit !== undefined) state.guardMs = 60_000;
    const upstream = loadUpstream(opts.upstream);
    if (!upstream.ok) throw new UsageError(upstream.error);
    broker = await startDevBroker({
      host: opts.host,
      mqttPort: opts.mqttPort,
      httpPort: opts.httpPort,
      dataDir: opts.dataDir,
      storage: opts.storage,
      demo: opts.demo,
      logLevel: opts.logLevel,
      storageThread: opts.storageThread,
      ...(opts.config === undefined ? {} : { config: opts.config }),
      ...(opts.importFile === undefined ? {} : { initialState: opts.importFile }),
      ...(opts.exportOnExit === undefined ? {} : { exportOnExit: opts.exportOnExit }),
      ...(opts.adminPassword === undefined ? {} : { adminPassword: opts.adminPassword }),
      ...(upstream.value === undefined ? {} : { upstream: upstream.value }),
    });
  } catch (error) {
    const known = error instanceof UsageError || error instanceof ConfigError;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? `${(error as Error).message}: the port is taken; choose another with --mqtt-port / --http-port (0 picks a free one)`
        : known
          ? error.message
          : ((error as Error).stack ?? String(error));
    process.stderr.write(
      `iothub dev broker: ${message}\n${error instanceof UsageError ? USAGE : ''}`,
    );
    process.exitCode = 2;
    return;
  }
  if (state.stopping) {
    // a signal arrived while starting
    await broker.close();
    process.exit(0);
  }
  // `npm run dev` sets IOTHUB_CONSOLE_URL to the Vite dev server (hot reload), which proxies /mqtt here.
  const consoleUrl = env.IOTHUB_CONSOLE_URL?.replace(/\/+$/, '') || broker.httpUrl;
  process.stdout.write(banner(broker, consoleUrl));
}

function banner(b: DevBroker, consoleUrl: string): string {
  const served = consoleUrl === b.httpUrl ? '' : ` (hot reload; the built console: ${b.httpUrl}/)`;
  const lines = [
    '',
    'IoT Hub dev broker is running',
    `  Console:           ${consoleUrl}/${served}`,
    `  MQTT over TCP:     ${b.mqttUrl}`,
    `  MQTT over WS:      ${b.wsUrl}`,
    `  Ready check:       ${b.httpUrl}${HTTP_PATHS.health}`,
    `  Data:              ${b.dataFile ?? 'in memory'}`,
  ];
  if (b.bridge) lines.push(...bridgeLines(b.bridge.info(), b.bridge.rule.onlyFor));
  lines.push('', ...operatorLines(b, consoleUrl));
  if (b.demo) lines.push(...demoLines(b.demo, b.mqttPort));
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/** Bridge mode in the banner (ADR 0008). */
function bridgeLines(info: BridgeInfo, onlyFor: readonly string[] | undefined): string[] {
  const which = onlyFor ? `sessions matching ${onlyFor.join(', ')}` : 'every device session';
  return [
    `  Bridge:            ${which} → ${info.tls ? 'mqtts' : 'mqtt'}://${info.upstream} (at most ${String(info.maxSessions)})`,
    '                     bridged devices are managed on the upstream hub; nothing of theirs is stored here',
  ];
}

/** Where a password the user chose is kept; the banner names it instead of printing the secret. */
const GIVEN_PASSWORD_SOURCE = {
  option: 'IOTHUB_ADMIN_PASSWORD',
  config: 'adminPassword in the config file',
} as const;

/**
 * A generated password (new, or read back from the data dir) is printed with a one-click link; a
 * password the user set (environment or config) is never printed: the link then carries only the
 * user name, and the banner says where the password is.
 */
function operatorLines(b: DevBroker, consoleUrl: string): string[] {
  const { account, password, source } = b.admin;
  const link = `${consoleUrl}/?role=operator&user=${encodeURIComponent(account)}`;
  if (source === 'option' || source === 'config') {
    return [
      `Operator login:      ${account} / (password from ${GIVEN_PASSWORD_SOURCE[source]}; not shown)`,
      `  Console login:      ${link}`,
    ];
  }
  const stored = b.dataFile ? ' (stored in the data dir)' : '';
  const note =
    source === 'generated' ? ` (generated${b.dataFile ? ', stored in the data dir' : ''})` : stored;
  return [
    `Operator login:      ${account} / ${password}${note}`,
    `  One-click console:  ${link}#password=${encodeURIComponent(password)}`,
  ];
}

/** What each simulated demo device does, for the banner. */
const DEMO_SUMMARY: Record<DemoDeviceKind, string> = {
  thermostat: 'temperature → shared targetTemp, humidity, heating; RPC getState, setMode',
  'energy-meter': 'power, energy, voltage; RPC reset',
  'gps-tracker': 'latitude, longitude, speed, battery',
  pump: 'flow, pressure, running; RPC setRunning',
};

function demoLines(demo: DemoInfo, mqttPort: number): string[] {
  const lines = [
    '',
    'Demo devices (simulated over MQTT, accept firmware; connecting with their credentials takes over):',
  ];
  for (const d of demo.devices) {
    const c = d.credentials;
    const name = d.name.padEnd(18);
    if (c.type === 'ACCESS_TOKEN') lines.push(`  ${name} access token: ${c.token}`);
    else if (c.type === 'MQTT_BASIC')
      lines.push(
        `  ${name} basic: client id "${c.clientId ?? ''}", user "${c.userName ?? ''}", password "${c.password ?? ''}"`,
      );
    else lines.push(`  ${name} ${c.type}`);
    lines.push(`  ${' '.repeat(18)} ${DEMO_SUMMARY[d.kind]}`);
  }
  const t = demo.thermostat.credentials;
  if (t.type === 'ACCESS_TOKEN') {
    lines.push(
      `  Try: mosquitto_pub -d -q 1 -h 127.0.0.1 -p ${String(mqttPort)} -t ${outboundTopic.telemetry()} -u "${t.token}" -m '{"temperature":42}'`,
    );
  }
  return lines;
}
