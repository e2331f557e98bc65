import { describe, expect, it } from 'vitest';

import { OperatorRequestError } from '@/client/operator-client.ts';
import { SAMPLE_CLAIMED_DEVICE, SAMPLE_CUSTOMER } from '@/testing/operator-samples.ts';
import type { ClaimResultDto } from '@protocol/operator-claim-dto.ts';

import { claimFormProblems, claimOutcome } from './claim-outcome.ts';

const success: ClaimResultDto = {
  result: 'SUCCESS',
  device: SAMPLE_CLAIMED_DEVICE,
  customer: SAMPLE_CUSTOMER,
};

const refused = (code: OperatorRequestError['code'], message: string, details?: unknown) => ({
  ok: false as const,
  error: new OperatorRequestError(code, message, { cause: 'r1', details }),
});

describe('claimOutcome', () => {
  it('names the new owner, and says when the customer was created', () => {
    const known = claimOutcome({ ok: true, value: success }, 'pump-7', ['Acme']);
    expect(known).toEqual({
      result: 'SUCCESS',
      text: 'SUCCESS: device pump-7 now belongs to customer Acme.',
    });
    expect(claimOutcome({ ok: true, value: success }, 'pump-7', []).text).toMatch(
      /Customer Acme was created\.$/,
    );
  });

  it('explains each FAILURE reason with what to do', () => {
    const failure = (reason: string) =>
      claimOutcome(
        refused('FAILED_PRECONDITION', 'FAILURE: …', { result: 'FAILURE', reason }),
        'pump-7',
      );
    expect(failure('SECRET_MISMATCH')).toMatchObject({ result: 'FAILURE' });
    expect(failure('SECRET_MISMATCH').text).toMatch(/secret key does not match.*register again/);
    expect(failure('EXPIRED').text).toMatch(/registration of device pump-7 expired/);
    expect(failure('NO_REGISTRATION').text).toMatch(
      /has not registered.*publish its secret to v1\/devices\/me\/claim/,
    );
  });

  it('keeps the broker message for a FAILURE reason it does not know', () => {
    const outcome = claimOutcome(
      refused('FAILED_PRECONDITION', 'FAILURE: something new', {
        result: 'FAILURE',
        reason: 'NEW',
      }),
      'x',
    );
    expect(outcome).toEqual({ result: 'FAILURE', text: 'FAILURE: FAILURE: something new' });
  });

  it('names the current owner of a CLAIMED device', () => {
    const outcome = claimOutcome(
      refused('FAILED_PRECONDITION', 'CLAIMED', {
        result: 'CLAIMED',
        customerId: 'c1',
        customerName: 'Acme',
      }),
      'pump-7',
    );
    expect(outcome.result).toBe('CLAIMED');
    expect(outcome.text).toMatch(/already belongs to customer Acme\. Reclaim it first/);
  });

  it('turns other refusals into ERROR', () => {
    expect(claimOutcome(refused('NOT_FOUND', 'device named x was not found'), 'x')).toEqual({
      result: 'ERROR',
      text: 'No device named x exists: pick one from the list.',
    });
    expect(claimOutcome(refused('INVALID_ARGUMENT', 'customer: bad'), 'x').text).toBe(
      'The broker refused the claim: customer: bad',
    );
    expect(claimOutcome({ ok: false, error: new Error('offline') }, 'x').text).toBe('offline');
  });
});

describe('claimFormProblems', () => {
  it('needs a device and a customer', () => {
    expect(claimFormProblems({ deviceName: ' ', customer: '' })).toEqual({
      deviceName: 'Give the name of the device to claim.',
      customer: 'Give the customer who will own the device (a new name creates it).',
    });
    expect(claimFormProblems({ deviceName: 'pump-7', customer: ' Acme ' })).toEqual({});
  });
});
