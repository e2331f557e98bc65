import { writeFileSync } from 'node:fs';

import type { BuildSizeResult } from './build-size.ts';
import type { LoadResult } from './load-phase.ts';
import type { OtaResult } from './ota-phase.ts';

export interface ConsoleBenchResults {
  at: string;
  load: LoadResult;
  ota: OtaResult;
  build: BuildSizeResult;
  goals: { noLongTaskOver50: boolean; otaUnder2s: boolean; initialJsUnder300Kb: boolean };
}

export function withGoals(
  load: LoadResult,
  ota: OtaResult,
  build: BuildSizeResult,
): ConsoleBenchResults {
  return {
    at: new Date().toISOString(),
    load,
    ota,
    build,
    goals: {
      noLongTaskOver50: load.longTasksOver50 === 0,
      otaUnder2s: ota.downloadVerifyMs <= 2_000,
      initialJsUnder300Kb: build.initialJsGzipKb <= 300,
    },
  };
}

function row(label: string, value: string, goal = ''): string {
  return `${label.padEnd(34)} ${value.padStart(14)}  ${goal}`;
}

const mark = (ok: boolean): string => (ok ? 'goal met' : 'goal MISSED');

export function printConsoleReport(r: ConsoleBenchResults): void {
  const { load, ota, build, goals } = r;
  const lines = [
    'Console bench (headless Chromium)',
    row('load duration (s)', String(load.durationS)),
    row('pushed (shared attrs, /s target)', `${String(load.pushed)} @${String(load.targetRate)}`),
    row('PUBLISH received by the page', String(load.received)),
    row('drain after the last push (ms)', String(load.drainMs)),
    row('Log panel packets (in + out)', String(load.logPackets)),
    row('WebSocket frames received', String(load.wsFrames)),
    row('long tasks > 50 ms', String(load.longTasksOver50), mark(goals.noLongTaskOver50)),
    row('longest long task (ms)', String(load.longestTaskMs)),
    row('frames per second', String(load.fps)),
    row('JS heap start (MiB, after GC)', String(load.heapStartMb)),
    row('JS heap end (MiB)', String(load.heapEndMb)),
    row('JS heap end (MiB, after GC)', String(load.heapEndAfterGcMb)),
    row(
      `OTA ${String(ota.bytes)} B @${String(ota.chunkSize)} (ms)`,
      String(ota.downloadVerifyMs),
      mark(goals.otaUnder2s),
    ),
    row('OTA throughput (MiB/s)', String(ota.throughputMibS)),
    ...build.files.map((f) => row(`  ${f.file} (gzip KiB)`, String(f.gzipKb))),
    row('initial JS gzip (KiB)', String(build.initialJsGzipKb), mark(goals.initialJsUnder300Kb)),
  ];
  console.log(lines.join('\n'));
}

export function writeConsoleResults(path: string, r: ConsoleBenchResults): void {
  writeFileSync(path, `${JSON.stringify(r, null, 2)}\n`);
}
