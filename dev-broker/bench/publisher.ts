import { performance } from 'node:perf_hooks';

import mqtt, { type MqttClient } from 'mqtt';

import {
  telemetryPayload,
  type LoadSpec,
  type PublisherResult,
  type PublisherSpec,
} from './load-protocol.ts';

/** The shared clock of one load run (performance.now() values). */
export interface Phases {
  /** Acks at or after this count as measured. */
  measureStart: number;
  /** No new publish after this; acks after it are drained, not measured. Moved earlier by a stop. */
  measureEnd: number;
  /** Aborted when the parent asks to stop early (after setting `measureEnd` to the stop time). */
  stop?: AbortSignal;
}

/** Connects one MQTT 3.1.1 client without reconnects; rejects on refusal or timeout. */
export async function connectPublisher(spec: LoadSpec, who: PublisherSpec): Promise<MqttClient> {
  const client = mqtt.connect(spec.url, {
    protocolVersion: 4,
    clientId: who.clientId,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: spec.connectTimeoutMs,
    keepalive: 60,
    ...(who.username === undefined ? {} : { username: who.username }),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${who.clientId}: no CONNACK within ${String(spec.connectTimeoutMs)} ms`));
    }, spec.connectTimeoutMs + 500);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    client.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${who.clientId}: ${error.message}`));
    });
  }).catch((error: unknown) => {
    client.end(true);
    throw error;
  });
  return client;
}

/**
 * Keeps `spec.window` QoS 1 publishes in flight until `phases.measureEnd` (or, with
 * `spec.ratePerPublisher`, publishes at that rate with at most `window` in flight), then waits (at most
 * `spec.drainTimeoutMs`) for the outstanding PUBACKs. Latencies of measured acks go to `latencies`.
 * Always resolves; errors are counted.
 */
export function runPublisher(
  client: MqttClient,
  who: PublisherSpec,
  spec: LoadSpec,
  phases: Phases,
  latencies: number[],
): Promise<PublisherResult> {
  const result: PublisherResult = {
    clientId: who.clientId,
    sent: 0,
    ackedTotal: 0,
    ackedMeasured: 0,
    failed: 0,
    outstanding: 0,
    error: null,
  };
  let inflight = 0;
  let stopped = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const noteError = (message: string): void => {
    result.error ??= message;
  };
  client.on('error', (error) => {
    noteError(error.message);
  });
  client.on('close', () => {
    if (!stopped) noteError('connection closed during the run');
    stopped = true;
    finish();
  });

  const rate = spec.ratePerPublisher;
  const pacedFrom = performance.now();
  /** Paced: publishes what the rate allows by now, never more than `window` in flight. */
  const pump = (): void => {
    if (rate === undefined) return;
    const due = Math.floor(((performance.now() - pacedFrom) / 1000) * rate);
    while (!stopped && inflight < spec.window && result.sent < due) publishOne();
  };
  const publishOne = (): void => {
    const seq = result.sent++;
    const startedAt = performance.now();
    inflight++;
    client.publish(spec.topic, telemetryPayload(spec.baseTs, seq), { qos: 1 }, (error) => {
      inflight--;
      const now = performance.now();
      if (error) {
        result.failed++;
        noteError(error.message);
      } else {
        result.ackedTotal++;
        if (now >= phases.measureStart && now < phases.measureEnd) {
          result.ackedMeasured++;
          latencies.push(now - startedAt);
        }
      }
      if (!stopped && now < phases.measureEnd) {
        if (rate === undefined) publishOne();
        else pump();
      } else if (inflight === 0) finish();
    });
  };

  let drainTimer: NodeJS.Timeout | undefined;
  let endDrain: () => void = () => undefined;
  const drainLimit = new Promise<void>((resolve) => {
    endDrain = resolve;
  });
  const armDrain = (): void => {
    clearTimeout(drainTimer);
    drainTimer = setTimeout(
      endDrain,
      Math.max(0, phases.measureEnd - performance.now()) + spec.drainTimeoutMs,
    );
  };
  const stopNow = (): void => {
    stopped = true;
    if (inflight === 0) finish();
  };
  const stopTimer = setTimeout(stopNow, Math.max(0, phases.measureEnd - performance.now()));
  const pacer = rate === undefined ? undefined : setInterval(pump, 2);
  const onStop = (): void => {
    clearTimeout(stopTimer);
    armDrain();
    stopNow();
  };
  phases.stop?.addEventListener('abort', onStop, { once: true });
  if (rate === undefined) for (let i = 0; i < spec.window; i++) publishOne();
  armDrain();
  return Promise.race([done, drainLimit]).then(() => {
    stopped = true;
    clearTimeout(stopTimer);
    clearTimeout(drainTimer);
    clearInterval(pacer);
    phases.stop?.removeEventListener('abort', onStop);
    result.outstanding = inflight;
    if (inflight > 0) noteError(`${String(inflight)} publishes never got a PUBACK`);
    return result;
  });
}

/** Disconnects politely (DISCONNECT once nothing is outstanding); destroys the socket after `timeoutMs`. */
export async function closePublisher(client: MqttClient, timeoutMs = 2000): Promise<void> {
  if (client.disconnected) return;
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    client.endAsync(false).then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!ended) client.stream.destroy();
}
