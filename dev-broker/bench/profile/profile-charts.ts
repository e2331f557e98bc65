/**
 * Profiles the console page of the operator-charts bench: the same scene (devices publishing, the
 * live chart open), the V8 CPU profiler of the page on for `seconds`, and the page's long tasks
 * (> 50 ms) recorded meanwhile. Prints where the time inside those long tasks goes (self and
 * total time by function) and the heaviest functions of each of the longest tasks; writes the
 * `.cpuprofile` for DevTools. Pass an unminified build to read function names:
 *
 *   npx vite build --minify false --outDir /tmp/dist-plain
 *   node --import tsx dev-broker/bench/profile/profile-charts.ts [seconds] [out.cpuprofile] [staticDir]
 */
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { longTaskTimes, pageNow } from '../console/chart-page.ts';
import { openChartsScene } from '../console/charts-scene.ts';
import { parsePhaseOptions } from '../phase-options.ts';

import { formatSummary, summarizeProfile } from './profile-summary.ts';
import { samplesWithin, type TimedProfile } from './profile-windows.ts';

const LONG_MS = 50;
const TOP = 25;
const PER_TASK_TOP = 6;
const TASKS_SHOWN = 8;

async function main(): Promise<void> {
  const [secondsArg = '20', outArg, staticDir] = process.argv.slice(2);
  const seconds = Number(secondsArg);
  const out = outArg ?? join(tmpdir(), 'console-charts.cpuprofile');
  const opts = parsePhaseOptions([], process.env).phases.charts;
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average before: ${load()}`);
  const scene = await openChartsScene(opts, staticDir);
  try {
    await sleep(2_000);
    const cdp = await scene.page.context().newCDPSession(scene.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    const from = await pageNow(scene.page);
    await cdp.send('Profiler.start');
    await sleep(seconds * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: TimedProfile };
    writeFileSync(out, JSON.stringify(profile));
    const tasks = (await longTaskTimes(scene.page)).filter(
      ([start, duration]) => start >= from && duration > LONG_MS,
    );
    // The page clock at Profiler.start is `from` (a round trip early at most, a few ms).
    const windows = tasks.map(([start, duration]): [number, number] => [start - from, duration]);
    const all = summarizeProfile(profile);
    const inTasks = summarizeProfile(samplesWithin(profile, windows));
    const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
    console.log(
      [
        `profiled ${String(seconds)} s; load average after: ${load()}`,
        `long tasks > ${String(LONG_MS)} ms: ${String(tasks.length)}, longest ${longest.toFixed(0)} ms; ` +
          `page busy ${((all.sampledUs - all.idleUs) / 1e6).toFixed(2)} s of ${(all.sampledUs / 1e6).toFixed(2)} s`,
        '',
        `== inside the long tasks (µs per long task) ==`,
        formatSummary(inTasks, tasks.length, TOP),
        '',
        `== the whole profile (µs per second) ==`,
        formatSummary(all, seconds, TOP),
      ].join('\n'),
    );
    const worst = [...windows].sort((a, b) => b[1] - a[1]).slice(0, TASKS_SHOWN);
    for (const w of worst) {
      const within = samplesWithin(profile, [w]);
      const one = summarizeProfile(within);
      // A gap far above the sampling interval: the thread was not running (another process had
      // the core), not JavaScript that took long.
      const gapMs = Math.max(0, ...(within.timeDeltas ?? [])) / 1000;
      const top = [...one.lines]
        .sort((a, b) => b.selfUs - a.selfUs)
        .slice(0, PER_TASK_TOP)
        .map((l) => `  ${(l.selfUs / 1000).toFixed(1).padStart(6)} ms self  ${l.label}`);
      console.log(
        `\ntask at ${(w[0] / 1000).toFixed(2)} s, ${w[1].toFixed(0)} ms, ${String(within.samples?.length ?? 0)} samples, longest gap between samples ${gapMs.toFixed(1)} ms:\n${top.join('\n')}`,
      );
    }
    console.log(`\nwrote ${out}`);
  } finally {
    await scene.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
