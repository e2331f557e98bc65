import { useMutation } from '@tanstack/react-query';

import type { PublishOutcome } from '@/lib/device-channel.ts';
import { useSession } from '@/lib/session-context.tsx';

export interface PublishVariables {
  topic: string;
  payload: string;
  qos: 0 | 1;
}

/** MQTT 5 PUBACK reason codes the broker uses (spec §1.1). */
const REASONS: Readonly<Record<number, string>> = {
  0x10: 'no matching subscribers',
  0x80: 'unspecified error',
  0x87: 'not authorized',
  0x90: 'unknown topic: the message was dropped',
  0x97: 'quota exceeded',
  0x99: 'invalid payload: nothing was stored',
};

/** A publish outcome in words, e.g. "PUBACK after 3.2 ms". */
export function describePublish(result: PublishOutcome, qos: 0 | 1): string {
  const code = result.reasonCode;
  if (code !== undefined && code >= 0x80) {
    const hex = `0x${code.toString(16).toUpperCase()}`;
    return `PUBACK ${hex}: ${REASONS[code] ?? 'refused'}.`;
  }
  if (qos === 0 || result.latencyMs === null) return 'Sent at QoS 0 (no acknowledgement).';
  return `PUBACK after ${result.latencyMs.toFixed(1)} ms.`;
}

/** Publishes one message as a mutation (style.md habit 5: mutations wrap session.publish). */
export function usePublishTelemetry() {
  const session = useSession();
  return useMutation({
    mutationFn: (variables: PublishVariables) =>
      session.publish(variables.topic, variables.payload, { qos: variables.qos }),
  });
}
