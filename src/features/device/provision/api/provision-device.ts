import { Correlator } from '@/client/correlator.ts';
import type { LiveChannel } from '@/lib/device-channel.ts';
import { decodeProvisionResponse } from '@/protocol/codecs/provision-response.ts';
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
 * Publishes the request on `/provision` (or `/provision/request`) and waits for `/provision/response`,
 * which the broker sends whether or not the client subscribed (spec §10); it is subscribed anyway.
 */
export async function provisionDevice(
  channel: LiveChannel,
  form: ProvisionForm,
  timeoutMs = 10_000,
): Promise<ProvisionResult> {
  const filter = DEVICE_TOPICS.provisionResponse;
  if (!(filter in channel.store.getState().subscriptions)) await channel.subscribe({ [filter]: 1 });
  const tracker = new Correlator<number, string>({
    timeoutMs,
    timeoutError: (id, ms) =>
      new Error(`No provisioning response within ${ms / 1000} s.`, { cause: id }),
  });
  const stop = channel.onMessage((message) => {
    if (message.topic === filter) tracker.resolve(RESPONSE, message.text);
  });
  const request = encodeProvisionRequest(form);
  const started = performance.now();
  try {
    const text = await tracker.request(RESPONSE, () =>
      channel.publish(DEVICE_TOPICS[form.topic], request, { qos: 1 }),
    );
    return {
      request,
      response: text,
      outcome: decodeProvisionResponse(text),
      latencyMs: Math.round(performance.now() - started),
    };
  } finally {
    stop();
    tracker.rejectAll('Provisioning was cancelled.');
  }
}
