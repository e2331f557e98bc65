/**
 * Entry point of the load process (forked by load-runner.ts): receives one LoadSpec, connects every
 * publisher, runs warm-up and measurement on one shared clock, answers with a LoadResult and exits.
 * Running the clients in their own process keeps their CPU off the broker's event loop.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';

import type { MqttClient } from 'mqtt';

import type { ChildMessage, LoadResult, LoadSpec, ParentMessage } from './load-protocol.ts';
import { closePublisher, connectPublisher, runPublisher, type Phases } from './publisher.ts';
import { percentile } from './stats.ts';

/** Aborted by a `stop` message from the parent. */
const stopper = new AbortController();
// One listener per publisher plus the run's own.
setMaxListeners(0, stopper.signal);

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const clients: MqttClient[] = [];
  try {
    const settled = await Promise.allSettled(
      spec.publishers.map((who) => connectPublisher(spec, who)),
    );
    for (const s of settled) if (s.status === 'fulfilled') clients.push(s.value);
    const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (refused)
      throw refused.reason instanceof Error ? refused.reason : new Error(String(refused.reason));

    void reply({ type: 'started' });
    const start = performance.now();
    const phases: Phases = {
      measureStart: start + spec.warmupMs,
      measureEnd: start + spec.warmupMs + spec.durationMs,
      stop: stopper.signal,
    };
    // CPU of this process over the measured interval only.
    let cpuAtStart = process.cpuUsage();
    let cpuSpent: NodeJS.CpuUsage | undefined;
    const cpuTimers = [
      setTimeout(() => (cpuAtStart = process.cpuUsage()), spec.warmupMs),
      setTimeout(() => (cpuSpent = process.cpuUsage(cpuAtStart)), spec.warmupMs + spec.durationMs),
    ];
    const onStop = (): void => {
      phases.measureEnd = Math.min(phases.measureEnd, performance.now());
      cpuSpent ??= process.cpuUsage(cpuAtStart);
    };
    if (stopper.signal.aborted) onStop();
    else stopper.signal.addEventListener('abort', onStop, { once: true });
    const latencies: number[] = [];
    const runs = clients.map((client, i) => {
      const who = spec.publishers[i];
      if (!who) throw new Error('publisher index out of range');
      return runPublisher(client, who, spec, phases, latencies);
    });
    const publishers = await Promise.all(runs);
    for (const timer of cpuTimers) clearTimeout(timer);
    const cpu = cpuSpent ?? process.cpuUsage(cpuAtStart);
    const measuredMs = Math.max(0, phases.measureEnd - phases.measureStart);
    latencies.sort((a, b) => a - b);
    return {
      publishers,
      measuredMs,
      latency: {
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies.at(-1) ?? Number.NaN,
        samples: latencies.length,
      },
      clientCpuShare: measuredMs > 0 ? (cpu.user + cpu.system) / 1000 / measuredMs : 0,
    };
  } finally {
    await Promise.all(clients.map((client) => closePublisher(client)));
  }
}

function reply(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(message, () => {
      resolve();
    });
  });
}

process.on('message', (message: ParentMessage) => {
  if ('type' in message) {
    stopper.abort();
    return;
  }
  runLoad(message)
    .then((result) => reply({ type: 'result', result }))
    .catch((error: unknown) =>
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => {
      // Every client is closed; leave at once rather than waiting for straggling sockets.
      process.exit(0);
    });
});
