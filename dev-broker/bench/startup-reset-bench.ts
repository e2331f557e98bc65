/**
 * The `startup-reset` phase: how fast a test suite gets a broker and a clean state (issue 10). An
 * in-memory `startDevBroker` with `--startup-devices` configured devices, from the call until both
 * listeners accept connections (the promise resolves when `/healthz` answers 200), and `reset()` of that
 * broker after each run made a mess (telemetry on every device, a created device and live MQTT
 * sessions). Each is timed `--startup-runs` times; the median is held against the goals.
 */
import { performance } from 'node:perf_hooks';

import mqtt from 'mqtt';

import { startDevBroker } from '../main.ts';

import { median, percentile, round } from './stats.ts';

export const STARTUP_GOALS = { startMs: 50, resetMs: 20 } as const;

export interface StartupResetOptions {
  runs: number;
  devices: number;
}

interface Timings {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  firstMs: number;
}

export interface StartupResetResult {
  runs: number;
  devices: number;
  start: Timings;
  reset: Timings;
  goals: { statement: string; measuredMs: number; met: boolean }[];
}

const timings = (values: number[]): Timings => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    medianMs: round(median(values), 3),
    p90Ms: round(percentile(sorted, 0.9), 3),
    maxMs: round(sorted.at(-1) ?? Number.NaN, 3),
    firstMs: round(values[0] ?? Number.NaN, 3),
  };
};

/** Connects `n` configured devices over MQTT (sessions the reset has to close). */
async function connect(url: string, n: number): Promise<mqtt.MqttClient[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      mqtt.connectAsync(url, { username: `BENCH${String(i)}`, reconnectPeriod: 0 }),
    ),
  );
}

export async function runStartupResetBench(o: StartupResetOptions): Promise<StartupResetResult> {
  const devices = Array.from({ length: o.devices }, (_, i) => ({
    name: `bench-${String(i)}`,
    credentials: { type: 'ACCESS_TOKEN' as const, token: `BENCH${String(i)}` },
    shared: { targetTemp: 21.5, mode: 'eco' },
  }));
  const starts: number[] = [];
  const resets: number[] = [];
  for (let run = 0; run < o.runs; run++) {
    const started = performance.now();
    const broker = await startDevBroker({
      storage: 'memory',
      mqttPort: 0,
      httpPort: 0,
      demo: false,
      logLevel: 'silent',
      config: { devices },
    });
    starts.push(performance.now() - started);
    try {
      const health = await fetch(`${broker.httpUrl}/healthz`);
      if (health.status !== 200) throw new Error(`/healthz answered ${String(health.status)}`);
      const clients = await connect(broker.mqttUrl, Math.min(10, o.devices));
      const now = Date.now();
      await Promise.all(
        devices.map((d, i) =>
          broker.hub.telemetry.save(broker.hub.devices.get(d.name).id, [
            { key: 'temperature', ts: now + i, value: { type: 'DOUBLE', value: 20 + i / 10 } },
            { key: 'count', ts: now + i, value: { type: 'LONG', value: BigInt(i) } },
          ]),
        ),
      );
      await broker.hub.devices.create({ name: 'made-by-a-test' });
      const closed = clients.map(
        (c) => new Promise<void>((resolve) => c.once('close', () => resolve())),
      );
      const resetStarted = performance.now();
      await broker.reset();
      resets.push(performance.now() - resetStarted);
      await Promise.all(closed);
      const left = broker.hub.devices.list({ limit: 1 }).total;
      if (left !== o.devices)
        throw new Error(`after reset ${String(left)} devices, not ${String(o.devices)}`);
    } finally {
      await broker.close();
    }
  }
  const start = timings(starts);
  const reset = timings(resets);
  return {
    runs: o.runs,
    devices: o.devices,
    start,
    reset,
    goals: [
      {
        statement: `start to ready median <= ${String(STARTUP_GOALS.startMs)} ms`,
        measuredMs: start.medianMs,
        met: start.medianMs <= STARTUP_GOALS.startMs,
      },
      {
        statement: `reset() median <= ${String(STARTUP_GOALS.resetMs)} ms`,
        measuredMs: reset.medianMs,
        met: reset.medianMs <= STARTUP_GOALS.resetMs,
      },
    ],
  };
}

/** The printed report. */
export function formatStartupReset(r: StartupResetResult): string[] {
  const line = (name: string, t: Timings) =>
    `  ${name.padEnd(14)} median ${t.medianMs.toFixed(2)} ms, p90 ${t.p90Ms.toFixed(2)} ms, max ${t.maxMs.toFixed(2)} ms, first ${t.firstMs.toFixed(2)} ms`;
  return [
    `Startup and reset, in memory with ${String(r.devices)} devices, ${String(r.runs)} runs:`,
    line('start → ready', r.start),
    line('reset()', r.reset),
    ...r.goals.map(
      (g) =>
        `Goal ${g.statement}: measured ${g.measuredMs.toFixed(2)} ms -> ${g.met ? 'met' : 'MISSED'}`,
    ),
  ];
}
