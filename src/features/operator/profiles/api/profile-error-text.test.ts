import { describe, expect, it } from 'vitest';

import { OperatorRequestError } from '@/client/operator-client.ts';

import { profileErrorText } from './profile-error-text.ts';

const refusal = (code: OperatorRequestError['code'], message: string) =>
  new OperatorRequestError(code, message, { cause: 'r1' });

describe('profileErrorText', () => {
  it('explains a profile that devices still use', () => {
    const text = profileErrorText(
      refusal('FAILED_PRECONDITION', 'profile fleet still has devices'),
      'fleet',
    );
    expect(text).toMatch(/fleet is still used by devices, so it cannot be deleted/);
    expect(text).toMatch(/Move those devices/);
  });

  it('explains the default profile', () => {
    expect(
      profileErrorText(
        refusal('FAILED_PRECONDITION', 'the default profile cannot be deleted'),
        'default',
      ),
    ).toMatch(/default profile cannot be deleted or renamed/);
  });

  it('says what to do about a taken name or key, keeping the broker message', () => {
    const text = profileErrorText(refusal('ALREADY_EXISTS', 'a profile named x exists'), 'x');
    expect(text).toContain('a profile named x exists');
    expect(text).toMatch(/Choose another name or generate a new key/);
  });

  it('passes other errors through', () => {
    expect(profileErrorText(new Error('boom'), 'x')).toBe('boom');
    expect(profileErrorText(refusal('TIMEOUT', 'no reply'), 'x')).toMatch(/did not answer/);
  });
});
