import { ConfigError } from '../config/config-file.ts';
import type { DemoInfo } from '../config/demo-data.ts';
import type { DevBroker, DevBrokerOptions } from '../main.ts';

import { USAGE, UsageError, parseArgs } from './parse-args.ts';

/** The `npm start` entry: parse options, start, print the banner, shut down on SIGINT/SIGTERM. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  startDevBroker: (options: DevBrokerOptions) => Promise<DevBroker>,
): Promise<void> {
  let broker: DevBroker | undefined;
  const state = { stopping: false };
  // Signal handlers go in first: a signal that arrives while starting (or right after the banner) is
  // then a clean shutdown, never Node's default kill.
  const stop = (signal: string) => {
    if (state.stopping) return;
    state.stopping = true;
    process.stdout.write(`\n${signal}: shutting down…\n`);
    const force = setTimeout(() => process.exit(1), 2000);
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
    broker = await startDevBroker({
      host: opts.host,
      mqttPort: opts.mqttPort,
      httpPort: opts.httpPort,
      dataDir: opts.dataDir,
      demo: opts.demo,
      logLevel: opts.logLevel,
      ...(opts.config === undefined ? {} : { config: opts.config }),
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
    process.stderr.write(`iothub dev broker: ${message}\n${error instanceof UsageError ? USAGE : ''}`);
    process.exitCode = 2;
    return;
  }
  if (state.stopping) {
    // a signal arrived while starting
    await broker.close();
    process.exit(0);
  }
  process.stdout.write(banner(broker));
}

function banner(b: DevBroker): string {
  const lines = [
    '',
    'IoT Hub dev broker is running',
    `  Console:           ${b.httpUrl}/`,
    `  MQTT over TCP:     ${b.mqttUrl}`,
    `  MQTT over WS:      ${b.wsUrl}`,
    `  Data:              ${b.dataFile ?? 'in memory'}`,
  ];
  const stored = b.dataFile ? ' (stored in the data dir)' : '';
  lines.push(
    '',
    `Operator login:      ${b.admin.account} / ${b.admin.password}${b.admin.generated ? ` (generated${stored})` : ''}`,
    `  One-click console:  ${b.httpUrl}/?role=operator&user=${encodeURIComponent(b.admin.account)}#password=${encodeURIComponent(b.admin.password)}`,
  );
  if (b.demo) lines.push(...demoLines(b.demo, b.mqttPort));
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

function demoLines(demo: DemoInfo, mqttPort: number): string[] {
  const t = demo.thermostat.credentials;
  const p = demo.pump.credentials;
  const lines = ['', 'Demo devices:'];
  if (t.type === 'ACCESS_TOKEN') {
    lines.push(`  ${demo.thermostat.name}  access token: ${t.token}`);
    lines.push(`    mosquitto_pub -d -q 1 -h 127.0.0.1 -p ${String(mqttPort)} -t v1/devices/me/telemetry -u "${t.token}" -m '{"temperature":42}'`);
  }
  if (p.type === 'MQTT_BASIC') {
    lines.push(`  ${demo.pump.name}  basic: client id "${p.clientId ?? ''}", user "${p.userName ?? ''}", password "${p.password ?? ''}"`);
  }
  return lines;
}
