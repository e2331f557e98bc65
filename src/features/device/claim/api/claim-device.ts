/**
 * Claim registration (spec §9): the device publishes `{"secretKey":…,"durationMs":…}` to
 * `v1/devices/me/claim`; the PUBACK comes once the broker stored the registration (or decided not to).
 */
import type { DeviceChannel } from '@/lib/device-channel.ts';
import { DEVICE_TOPICS } from '@/protocol/topics.ts';

/** `claim.defaultDurationMs` of the broker (spec §9; the seed's `device.claim.duration`). */
export const DEFAULT_CLAIM_DURATION_MS = 86_400_000;

export interface ClaimInput {
  /** Left out of the payload when empty: the broker then uses `""` (spec §9). */
  secretKey: string;
  /** Left out when null: the broker then uses its default (24 h). */
  durationMs: number | null;
}

export interface ClaimResult {
  payload: string;
  latencyMs: number | null;
  /** MQTT 5 PUBACK reason code; absent or 0 means accepted. */
  reasonCode: number | null;
  /** When the registration expires if the broker stored it (now + duration). */
  expiresAt: number;
}

export function encodeClaimRequest({ secretKey, durationMs }: ClaimInput): string {
  const body: { secretKey?: string; durationMs?: number } = {};
  if (secretKey !== '') body.secretKey = secretKey;
  if (durationMs !== null) body.durationMs = durationMs;
  return JSON.stringify(body);
}

/** Publishes the claim registration at QoS 1 and resolves with the PUBACK. */
export async function claimDevice(
  channel: DeviceChannel,
  input: ClaimInput,
  now: () => number = Date.now,
): Promise<ClaimResult> {
  const payload = encodeClaimRequest(input);
  const outcome = await channel.publish(DEVICE_TOPICS.claim, payload, { qos: 1 });
  const duration =
    input.durationMs !== null && input.durationMs > 0
      ? input.durationMs
      : DEFAULT_CLAIM_DURATION_MS;
  return {
    payload,
    latencyMs: outcome.latencyMs,
    reasonCode: outcome.reasonCode ?? null,
    expiresAt: now() + duration,
  };
}

/** What an MQTT 5 PUBACK reason code means for a claim (spec §1.1, §4). */
export function describeClaimAck(reasonCode: number | null): string | null {
  if (reasonCode === null || reasonCode === 0) return null;
  if (reasonCode === 0x99) return 'The broker refused the payload as invalid (reason code 0x99).';
  if (reasonCode === 0x90) return 'The broker does not know this topic (reason code 0x90).';
  return `The broker answered with reason code 0x${reasonCode.toString(16)}.`;
}
