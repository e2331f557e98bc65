import { OperatorRequestError } from '@/client/operator-client.ts';
import { errorMessage } from '@/lib/error-message.ts';
import type { ClaimErrorDetails, ClaimResultDto } from '@protocol/operator-claim-dto.ts';
import { DEVICE_TOPICS } from '@protocol/topics.ts';

/** How a claim ended, as the platform names it (spec §9), or ERROR when it never got that far. */
export interface ClaimOutcome {
  result: 'SUCCESS' | 'FAILURE' | 'CLAIMED' | 'ERROR';
  /** What happened and what to do next, in plain words. */
  text: string;
}

const failures: Record<string, (device: string) => string> = {
  NO_REGISTRATION: (device) =>
    `device ${device} has not registered for claiming, or its registration was used up. Have the device publish its secret to ${DEVICE_TOPICS.claim}, then claim again.`,
  EXPIRED: (device) =>
    `the claim registration of device ${device} expired. Have the device register again, then claim it before its duration runs out.`,
  SECRET_MISMATCH: (device) =>
    `the secret key does not match the one device ${device} registered. The broker removed the registration: the device must register again, then claim with its secret.`,
};

const isClaimDetails = (details: unknown): details is ClaimErrorDetails =>
  typeof details === 'object' &&
  details !== null &&
  'result' in details &&
  (details.result === 'FAILURE' || details.result === 'CLAIMED');

/**
 * Puts the answer of `claim.claim` in plain words. `knownCustomers` are the customer names known before
 * the claim: a SUCCESS for another name says the customer was created.
 */
export function claimOutcome(
  answer: { ok: true; value: ClaimResultDto } | { ok: false; error: unknown },
  device: string,
  knownCustomers: readonly string[] = [],
): ClaimOutcome {
  if (answer.ok) {
    const owner = answer.value.customer.name ?? answer.value.customer.id;
    const created = knownCustomers.includes(owner) ? '' : ` Customer ${owner} was created.`;
    return {
      result: 'SUCCESS',
      text: `SUCCESS: device ${answer.value.device.name} now belongs to customer ${owner}.${created}`,
    };
  }
  const { error } = answer;
  if (!(error instanceof OperatorRequestError))
    return { result: 'ERROR', text: errorMessage(error) };
  if (error.code === 'FAILED_PRECONDITION' && isClaimDetails(error.details)) {
    const details = error.details;
    if (details.result === 'CLAIMED') {
      const owner = details.customerName ?? details.customerId ?? 'another customer';
      return {
        result: 'CLAIMED',
        text: `CLAIMED: device ${device} already belongs to customer ${owner}. Reclaim it first to give it to another customer.`,
      };
    }
    const why = failures[details.reason]?.(device) ?? error.message;
    return { result: 'FAILURE', text: `FAILURE: ${why}` };
  }
  if (error.code === 'NOT_FOUND')
    return { result: 'ERROR', text: `No device named ${device} exists: pick one from the list.` };
  return { result: 'ERROR', text: `The broker refused the claim: ${error.message}` };
}

/**
 * Problems with the claim form before sending, in plain words (empty when it can be sent). An unknown
 * device name is left to the broker (NOT_FOUND): the console's device list may be older than the device.
 */
export function claimFormProblems(fields: { deviceName: string; customer: string }): {
  deviceName?: string;
  customer?: string;
} {
  const problems: { deviceName?: string; customer?: string } = {};
  if (fields.deviceName.trim() === '')
    problems.deviceName = 'Give the name of the device to claim.';
  if (fields.customer.trim() === '')
    problems.customer = 'Give the customer who will own the device (a new name creates it).';
  return problems;
}
