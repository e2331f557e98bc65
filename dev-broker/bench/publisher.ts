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
  /** No new publish after this; acks after it are drained, not measured. */
  measureEnd: number;
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
 * Keeps `spec.window` QoS 1 publishes in flight until `phases.measureEnd`, then waits (at most
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
      if (!stopped && now < phases.measureEnd) publishOne();
      else if (inflight === 0) finish();
    });
  };

  const stopTimer = setTimeout(
    () => {
      stopped = true;
      if (inflight === 0) finish();
    },
    Math.max(0, phases.measureEnd - performance.now()),
  );
  for (let i = 0; i < spec.window; i++) publishOne();

  let drainTimer: NodeJS.Timeout | undefined;
  const drainLimit = new Promise<void>((resolve) => {
    drainTimer = setTimeout(
      resolve,
      Math.max(0, phases.measureEnd - performance.now()) + spec.drainTimeoutMs,
    );
  });
  return Promise.race([done, drainLimit]).then(() => {
    stopped = true;
    clearTimeout(stopTimer);
    clearTimeout(drainTimer);
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
