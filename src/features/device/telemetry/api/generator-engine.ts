import type { DeviceChannel } from '@/lib/device-channel.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import type { GeneratorConfig } from '../stores/generators-store.ts';
import { recordSeries } from '../stores/live-series-store.ts';

import { clampRate, createWaveform } from './waveforms.ts';

interface Running {
  timer: ReturnType<typeof setInterval>;
}

/** Where generated telemetry goes. */
export interface GeneratorTarget {
  family: Family;
  qos: 0 | 1;
}

const running = new Map<string, Running>();

/** Stops one generator; safe to call when it is not running. */
export function stopGenerator(id: string): void {
  const current = running.get(id);
  if (current === undefined) return;
  clearInterval(current.timer);
  running.delete(id);
  recordSeries.running(id, false);
}

export function stopAllGenerators(): void {
  for (const id of [...running.keys()]) stopGenerator(id);
}

export function isGeneratorRunning(id: string): boolean {
  return running.has(id);
}

/**
 * Starts publishing `{"<key>": value}` at the generator's rate (0.1–50 Hz) with timers outside React,
 * so switching panels does not stop it. A publish that fails (not connected, connection dropped)
 * stops the generator and says why.
 */
export function startGenerator(
  channel: DeviceChannel,
  config: GeneratorConfig,
  target: GeneratorTarget,
): void {
  stopGenerator(config.id);
  const next = createWaveform(config.kind, config.params);
  const topic = outboundTopic.telemetry(target.family);
  const startedAt = performance.now();
  let tick = 0;
  const send = () => {
    const value = next(tick, (performance.now() - startedAt) / 1000);
    tick += 1;
    recordSeries.sent(config.id, value);
    channel.publish(topic, JSON.stringify({ [config.key]: value }), { qos: target.qos }).then(
      (result) => {
        if (result.reasonCode !== undefined && result.reasonCode >= 0x80) {
          recordSeries.failed(config.id, `PUBACK reason code 0x${result.reasonCode.toString(16)}`);
        } else recordSeries.acked(config.id, result.latencyMs);
      },
      (error: unknown) => {
        recordSeries.failed(config.id, `Stopped: ${errorMessage(error)}`);
        stopGenerator(config.id);
      },
    );
  };
  const timer = setInterval(send, 1000 / clampRate(config.rateHz));
  running.set(config.id, { timer });
  recordSeries.running(config.id, true);
  send();
}
