import os from 'node:os';

import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';

import type { BenchOptions } from './bench-options.ts';
import { telemetryPayload } from './load-protocol.ts';
import { GOAL_RATIO, ratioFor, type RunRecord, type SummaryRow } from './report.ts';
import { round } from './stats.ts';

const METHOD =
  'The brokers run in the bench process, one at a time, each run on a fresh broker (the hub on a fresh SQLite data dir); ' +
  'the MQTT.js publishers (MQTT 3.1.1, clean session) run in a separate child process. ' +
  'Rounds alternate aedes and hub per transport (odd rounds aedes first, even rounds hub first). ' +
  'msgs/s = PUBACKs received in the measured interval / its length; latency = publish call -> PUBACK callback. ' +
  'The table reports the best run (highest msgs/s) of each target and transport; medians and every run are listed too. ' +
  'After every hub run, PUBACKed messages over the whole run (warm-up and drain included) x 5 keys are compared with ' +
  'the rows stored for each device (hub.telemetry.history, paged). brokerCpuShare/clientCpuShare are process CPU time ' +
  'over the measured interval; loadAvg1m shows other work on the machine.';

/** What `results.json` holds: machine, parameters, the best run of each, ratios, goal and every run. */
export function buildJsonReport(
  opts: BenchOptions,
  rows: readonly SummaryRow[],
  runs: readonly RunRecord[],
  allStored: boolean,
  failures: readonly string[],
): Record<string, unknown> {
  const r3 = (x: number | null): number | null => (x === null ? null : round(x, 3));
  const tcp = ratioFor(rows, 'tcp');
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    parameters: {
      ...opts,
      payloadBytes: telemetryPayload(Date.now(), 1).length,
      topic: DEVICE_TOPICS.telemetry,
      mqttVersion: '3.1.1',
    },
    method: METHOD,
    summary: rows.map((r) => ({
      target: r.target,
      transport: r.transport,
      allMsgsPerSec: r.allMsgsPerSec,
      medianMsgsPerSec: r.medianMsgsPerSec,
      allStored: r.allStored,
      best: r.best,
    })),
    ratios: {
      of: 'best run of each target and transport',
      tcp: r3(tcp),
      ws: r3(ratioFor(rows, 'ws')),
      medianTcp: r3(ratioFor(rows, 'tcp', 'median')),
      medianWs: r3(ratioFor(rows, 'ws', 'median')),
    },
    goal: {
      statement: `hub/aedes >= ${String(GOAL_RATIO)} on TCP with every point stored`,
      met: tcp !== null && tcp >= GOAL_RATIO && allStored,
    },
    allStored,
    failures,
    runs,
  };
}
