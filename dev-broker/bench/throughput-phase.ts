/**
 * QoS 1 telemetry throughput: vanilla aedes vs the dev broker (hub, storing every point), over TCP
 * and WebSocket. The brokers run in this process, one at a time; the MQTT.js publishers run in a
 * child process (see load-child.ts).
 */
import os from 'node:os';

import type { BenchOptions } from './bench-options.ts';
import { buildJsonReport } from './json-report.ts';
import { progressLine, runOne } from './measure-run.ts';
import {
  formatTable,
  formatVerdict,
  summarize,
  type RunRecord,
  type TargetName,
} from './report.ts';

/** Prints a block that stands out in a long log. */
export function shout(lines: readonly string[]): void {
  const bar = '!'.repeat(78);
  console.error(['', bar, ...lines.map((l) => `!!! ${l}`), bar, ''].join('\n'));
}

/** Runs every round, prints the table and verdict; `ok` is false on a storage mismatch or error. */
export async function runThroughputPhase(
  opts: BenchOptions,
): Promise<{ report: Record<string, unknown>; ok: boolean }> {
  console.log(
    `QoS 1 telemetry bench: ${String(opts.publishers)} publishers x window ${String(opts.window)}, ` +
      `${String(opts.warmupMs / 1000)} s warm-up + ${String(opts.durationMs / 1000)} s measured, ${String(opts.repeats)} round(s), ` +
      `hub storage ${opts.storage}; node ${process.version}, ${String(os.cpus().length)} cpu(s)`,
  );
  const busy = os.loadavg()[0] ?? 0;
  if (busy > 0.5) {
    console.log(
      `note: 1-minute load average is ${busy.toFixed(1)} before the first run; other work on this machine skews the numbers`,
    );
  }
  const runs: RunRecord[] = [];
  const failures: string[] = [];
  for (let roundNo = 1; roundNo <= opts.repeats; roundNo++) {
    const alternate: TargetName[] = roundNo % 2 === 1 ? ['aedes', 'hub'] : ['hub', 'aedes'];
    const order = alternate.filter((t) => opts.targets.includes(t));
    for (const transport of opts.transports) {
      for (const name of order) {
        try {
          const record = await runOne(name, transport, opts, roundNo);
          runs.push(record);
          console.log(progressLine(record));
          if (record.errors.length > 0)
            failures.push(
              ...record.errors.map((e) => `${name} ${transport} round ${String(roundNo)}: ${e}`),
            );
          if (record.stored && !record.stored.ok) {
            shout([
              `STORED POINTS MISMATCH: ${name} ${transport} round ${String(roundNo)}`,
              ...record.stored.problems,
            ]);
          }
        } catch (error) {
          const message = `${name} ${transport} round ${String(roundNo)} failed: ${error instanceof Error ? error.message : String(error)}`;
          failures.push(message);
          console.error(`  ${message}`);
        }
      }
    }
  }

  const rows = summarize(runs);
  const hubRuns = runs.filter((r) => r.target === 'hub');
  const allStored = hubRuns.length > 0 && hubRuns.every((r) => r.stored?.ok === true);
  console.log(`\nBest run of each (highest msgs/s); "msgs/s of each run" lists every round.\n`);
  console.log(formatTable(rows));
  console.log('');
  for (const line of formatVerdict(rows, runs)) console.log(line);
  if (!allStored)
    shout(['NOT EVERY ACKNOWLEDGED TELEMETRY POINT WAS STORED (or no hub run completed)']);
  if (failures.length > 0) shout(['Errors during the runs:', ...failures]);
  return {
    report: buildJsonReport(opts, rows, runs, allStored, failures),
    ok: allStored && failures.length === 0,
  };
}
