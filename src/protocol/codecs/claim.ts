/**
 * The device's claim registration payload (spec §9): `{"secretKey":"…","durationMs":N}`, both optional.
 */
import { describeNode, objectMembers, parseJsonObject, type JsonObjectNode } from '../json-node.ts';
import { fail, ok, type Result } from '../result.ts';

/** A decoded claim registration. The caller applies `claim.defaultDurationMs` when `durationMs` is undefined. */
export interface ClaimRequest {
  /** `""` when absent (spec §9 default). */
  secretKey: string;
  /** Whole milliseconds > 0, or undefined when absent or ≤ 0. */
  durationMs: number | undefined;
}

/**
 * Decodes a claim payload (spec §9). An empty (blank) payload counts as `{}`. Invalid when the payload is not an
 * object, `secretKey` is not a string or `durationMs` is not a number. A fractional `durationMs` is truncated
 * towards zero; one above the safe-integer range is invalid.
 */
export function decodeClaim(text: string): Result<ClaimRequest> {
  if (/^[ \t\r\n]*$/.test(text)) return ok({ secretKey: '', durationMs: undefined });
  const root = parseJsonObject(text, 'Claim request');
  if (!root.ok) return root;
  return decodeClaimNode(root.value);
}

/** Decodes an already parsed claim object (also used per device by the gateway API, spec §12). */
export function decodeClaimNode(node: JsonObjectNode): Result<ClaimRequest> {
  const members = objectMembers(node);
  const secret = members.get('secretKey');
  const duration = members.get('durationMs');
  if (secret !== undefined && secret.type !== 'string') {
    return fail('schema', `"secretKey" must be a string, got ${describeNode(secret)}`);
  }
  if (duration !== undefined && duration.type !== 'number') {
    return fail('schema', `"durationMs" must be a number, got ${describeNode(duration)}`);
  }
  let durationMs: number | undefined;
  if (duration !== undefined) {
    const ms = Math.trunc(Number(duration.raw));
    if (ms > Number.MAX_SAFE_INTEGER)
      return fail('schema', `"durationMs" ${duration.raw} is out of range`);
    // spec §9: ≤ 0 means "use the default", like a missing value.
    if (ms > 0) durationMs = ms;
  }
  return ok({
    secretKey: secret?.type === 'string' ? secret.value : '',
    durationMs,
  });
}
