/**
 * `npm run bench`: the telemetry throughput bench (aedes vs the dev broker), the bridge bench
 * (through a bridge vs straight to its upstream), the operator RPC round-trip bench, the operator
 * charts bench in headless Chromium, the operator device list at 19,000 devices in headless
 * Chromium, the startup and reset bench, and the sessions bench (19,000
 * device sessions, aedes vs the dev broker), in that order.
 * `npm run bench -- --only operator-rpc` runs one; `npm run bench -- --help` lists the options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BenchUsageError, parseBenchOptions, usage } from './bench-options.ts';
import { runBridgePhase } from './bridge/bridge-phase.ts';
import { runChartsBench } from './console/charts-bench.ts';
import { runDevicesBench } from './console/devices-bench.ts';
import { runOperatorRpcBench } from './operator-rpc/operator-rpc-bench.ts';
import { checkRpcGoals, formatRpcReport } from './operator-rpc/rpc-report.ts';
import { parsePhaseOptions, phaseUsage } from './phase-options.ts';
import { formatSessions, runSessionsBench } from './sessions/sessions-phase.ts';
import { formatStartupReset, runStartupResetBench } from './startup-reset-bench.ts';
import { round } from './stats.ts';
import { runThroughputPhase, shout } from './throughput-phase.ts';

const DEFAULT_OUT = fileURLToPath(new URL('./results.json', import.meta.url));

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${usage()}\n${phaseUsage()}`);
    return 0;
  }
  const { phases, rest } = parsePhaseOptions(argv, process.env);
  const opts = parseBenchOptions(rest, process.env, DEFAULT_OUT);
  let report: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    phases: phases.only,
  };
  let ok = true;
  const failed = (phase: string, error: unknown): void => {
    ok = false;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    shout([`The ${phase} bench failed:`, ...message.split('\n')]);
    report[`${phase}Error`] = message;
  };
  if (phases.only.includes('throughput')) {
    try {
      const throughput = await runThroughputPhase(opts);
      report = { ...throughput.report, ...report };
      ok &&= throughput.ok;
    } catch (error) {
      failed('throughput', error);
    }
  }
  if (phases.only.includes('bridge')) {
    try {
      const bridge = await runBridgePhase(opts, phases.bridge.latencyMs);
      report.bridge = bridge.report;
      ok &&= bridge.ok;
    } catch (error) {
      failed('bridge', error);
    }
  }
  if (phases.only.includes('operator-rpc')) {
    const o = phases.rpc;
    console.log(
      `\nOperator RPC bench: ${String(o.warmupCalls)} warm-up + ${String(o.calls)} timed calls per phase ` +
        `(at most ${String(o.budgetMs / 1000)} s), loaded with ${String(o.backgroundRate)} msg/s from ` +
        `${String(o.backgroundPublishers)} devices; load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    try {
      const rpc = await runOperatorRpcBench(o);
      for (const line of formatRpcReport(rpc)) console.log(line);
      report.operatorRpc = { ...rpc, goals: checkRpcGoals(rpc) };
    } catch (error) {
      failed('operatorRpc', error);
    }
  }
  if (phases.only.includes('operator-charts')) {
    try {
      report.operatorCharts = await runChartsBench(phases.charts);
    } catch (error) {
      failed('operatorCharts', error);
    }
  }
  if (phases.only.includes('operator-devices')) {
    try {
      report.operatorDevices = await runDevicesBench(phases.devices);
    } catch (error) {
      failed('operatorDevices', error);
    }
  }
  if (phases.only.includes('startup-reset')) {
    try {
      const startup = await runStartupResetBench(phases.startup);
      for (const line of formatStartupReset(startup)) console.log(line);
      report.startupReset = startup;
    } catch (error) {
      failed('startupReset', error);
    }
  }
  if (phases.only.includes('sessions')) {
    try {
      const sessions = await runSessionsBench({ ...phases.sessions, storage: opts.storage });
      for (const line of formatSessions(sessions)) console.log(line);
      report.sessions = sessions;
    } catch (error) {
      failed('sessions', error);
    }
  }
  report.loadAvgAtEnd = os.loadavg().map((l) => round(l, 2));
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${opts.out}`);
  return ok ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (error instanceof BenchUsageError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  })
  .finally(() => {
    // Everything is closed by now; should a handle linger anyway, do not hang.
    setTimeout(() => {
      console.error('bench: a handle kept the process alive after the report; exiting');
      process.exit();
    }, 5000).unref();
  });
