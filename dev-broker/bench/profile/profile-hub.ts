/**
 * Profiles the dev broker (SQLite storage) under the bench's QoS 1 telemetry load: the broker runs
 * in this process, the MQTT.js publishers in the bench's load child, and the V8 CPU profiler runs
 * only during the measured interval. Prints msgs/s, broker CPU µs per message and the functions
 * that take the time; writes the `.cpuprofile` for DevTools.
 *
 *   node --import tsx dev-broker/bench/profile/profile-hub.ts [tcp|ws] [seconds] [out.cpuprofile]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';
import { startHubTarget } from '../hub-target.ts';
import { runLoadInChild } from '../load-runner.ts';
import { threadCpuMs } from '../thread-cpu.ts';

import type { CpuProfile } from './profile-summary.ts';
import { formatSummary, summarizeProfile } from './profile-summary.ts';

const PUBLISHERS = 4;
const WARMUP_MS = 2000;

async function main(): Promise<void> {
  const [transportArg = 'tcp', secondsArg = '8', outArg] = process.argv.slice(2);
  if (transportArg !== 'tcp' && transportArg !== 'ws') throw new Error('transport: tcp or ws');
  const durationMs = Number(secondsArg) * 1000;
  const out = outArg ?? join(tmpdir(), `hub-${transportArg}.cpuprofile`);
  const target = await startHubTarget('sqlite', PUBLISHERS);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  let cpu = process.cpuUsage();
  let threads = threadCpuMs();
  let threadsSpent = threads;
  let profiling: Promise<unknown> | undefined;
  let stopped: Promise<{ profile: CpuProfile; cpu: NodeJS.CpuUsage }> | undefined;
  try {
    const result = await runLoadInChild(
      {
        url: transportArg === 'tcp' ? target.tcpUrl : target.wsUrl,
        topic: DEVICE_TOPICS.telemetry,
        publishers: target.publishers(PUBLISHERS),
        window: 32,
        warmupMs: WARMUP_MS,
        durationMs,
        drainTimeoutMs: 10_000,
        connectTimeoutMs: 10_000,
        baseTs: Date.now() - 86_400_000,
      },
      () => {
        setTimeout(() => {
          cpu = process.cpuUsage();
          threads = threadCpuMs();
          profiling = session.post('Profiler.start');
        }, WARMUP_MS);
        setTimeout(() => {
          const spent = process.cpuUsage(cpu);
          const now = threadCpuMs();
          threadsSpent = { main: now.main - threads.main, others: now.others - threads.others };
          stopped = (profiling ?? Promise.resolve())
            .then(() => session.post('Profiler.stop'))
            .then(({ profile }) => ({ profile: profile as CpuProfile, cpu: spent }));
        }, WARMUP_MS + durationMs);
      },
    );
    if (!stopped) throw new Error('the measured interval did not end');
    const { profile, cpu: spent } = await stopped;
    const acked = result.publishers.reduce((s, p) => s + p.ackedMeasured, 0);
    const stored = target.verify(result.publishers);
    writeFileSync(out, JSON.stringify(profile));
    const cpuUs = spent.user + spent.system;
    console.log(
      `${transportArg}: ${Math.round(acked / (result.measuredMs / 1000)).toLocaleString('en-US')} msgs/s, ` +
        `broker CPU ${(cpuUs / Math.max(1, acked)).toFixed(1)} µs/msg (${String(Math.round(cpuUs / 10 / durationMs))}% of a core), ` +
        `stored ${stored?.ok === true ? 'OK' : 'MISMATCH'}; profile ${out}`,
    );
    const perMsg = (ms: number): string => ((ms * 1000) / Math.max(1, acked)).toFixed(1);
    console.log(
      `threads: main (event loop) ${perMsg(threadsSpent.main)} µs/msg, other threads (storage worker, GC, libuv) ` +
        `${perMsg(threadsSpent.others)} µs/msg (/proc, 10 ms ticks); load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
    console.log(formatSummary(summarizeProfile(profile), acked, 30));
  } finally {
    session.disconnect();
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
