import { Correlator } from '@/client/correlator.ts';
import type { ProvisionResponseEvent } from '@/client/device-events.ts';
import type { DeviceSide } from '@/lib/device-side.ts';
import type { ProvisionOutcome } from '@/protocol/codecs/provision-response.ts';
import { DEVICE_TOPICS } from '@/protocol/topics.ts';

import { encodeProvisionRequest } from './provision-request.ts';
import type { ProvisionForm } from './provision-request.ts';

export interface ProvisionResult {
  request: string;
  /** The response text as received. */
  response: string;
  outcome: ProvisionOutcome;
  latencyMs: number;
}

/** The response carries no id: one provisioning request at a time per session. */
const RESPONSE = 0;

/**
 * Publishes the request on `/provision` (or `/provision/request`) and waits for `/provision/response`
 * (the router's `provisionResponse` event), which the broker sends whether or not the client
 * subscribed (spec §10); it is subscribed anyway. A new `connect()` ends the wait: the answer
 * belongs to the connection that asked.
 */
export async function provisionDevice(
  { channel, router }: DeviceSide,
  form: ProvisionForm,
  timeoutMs = 10_000,
): Promise<ProvisionResult> {
  const filter = DEVICE_TOPICS.provisionResponse;
  if (!(filter in channel.store.getState().subscriptions)) await channel.subscribe({ [filter]: 1 });
  const tracker = new Correlator<number, ProvisionResponseEvent>({
    timeoutMs,
    timeoutError: (id, ms) =>
      new Error(`No provisioning response within ${ms / 1000} s.`, { cause: id }),
  });
  const stops = [
    router.on('provisionResponse', (event) => {
      tracker.resolve(RESPONSE, event);
    }),
    router.onConnect(() => {
      tracker.rejectAll('The console connected anew before the provisioning response came.');
    }),
  ];
  const request = encodeProvisionRequest(form);
  const started = performance.now();
  try {
    const event = await tracker.request(RESPONSE, () =>
      channel.publish(DEVICE_TOPICS[form.topic], request, { qos: 1 }),
    );
    return {
      request,
      response: event.text,
      outcome: event.outcome,
      latencyMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const stop of stops) stop();
    tracker.rejectAll('Provisioning was cancelled.');
  }
}
