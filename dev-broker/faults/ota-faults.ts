import type { OtaFaultCode } from '../../src/protocol/faults.ts';
import type { DeviceSession } from '../platform/device-session.ts';

import { faultTarget } from './fault-target.ts';
import type { Faults } from './faults.ts';

const OTA_KINDS = ['ota.error', 'ota.corrupt', 'ota.truncate', 'ota.slow'] as const;

/** What a served chunk becomes: an error on the OTA error topic, or (other) bytes, maybe late. */
export type ChunkFaultOutcome = { error: OtaFaultCode } | { bytes: Uint8Array; delayMs: number };

/**
 * The OTA rules (ADR 0011) for one chunk about to be served: `ota.error` answers with the rule's
 * error text instead; `ota.corrupt` flips the middle byte, `ota.truncate` keeps the first half
 * (both only for chunks with bytes), `ota.slow` sends the chunk `ms` late.
 */
export function applyOtaFaults(
  faults: Faults | undefined,
  session: DeviceSession,
  topic: string,
  bytes: Uint8Array,
): ChunkFaultOutcome {
  const unchanged = { bytes, delayMs: 0 };
  if (!faults || !OTA_KINDS.some((kind) => faults.has(kind))) return unchanged;
  const target = faultTarget(session, topic);
  if (!target) return unchanged;
  const error = faults.fire('ota.error', target, (r) => `firmware chunk answered with ${r.code}`);
  if (error) return { error: error.code };
  let out = bytes;
  if (out.length > 0) {
    const at = Math.floor(out.length / 2);
    if (faults.fire('ota.corrupt', target, () => `firmware chunk corrupted (byte ${String(at)})`)) {
      out = Uint8Array.from(out);
      out[at] = (out[at] ?? 0) ^ 0xff;
    }
    const half = Math.floor(out.length / 2);
    const truncated = () =>
      `firmware chunk truncated (${String(half)} of ${String(out.length)} bytes)`;
    if (faults.fire('ota.truncate', target, truncated)) out = out.subarray(0, half);
  }
  const slow = faults.fire(
    'ota.slow',
    target,
    (r) => `firmware chunk sent ${String(r.ms)} ms late`,
  );
  return { bytes: out, delayMs: slow?.ms ?? 0 };
}
