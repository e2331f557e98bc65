import { describe, expect, it } from 'vitest';

import { EMPTY_FAULT_FORM, faultRuleOf } from './fault-form-values.ts';

describe('the Faults form', () => {
  it('sends only the parameters the kind takes', () => {
    expect(faultRuleOf({ ...EMPTY_FAULT_FORM, kind: 'downlink.delay', which: 'rpc' })).toEqual({
      ok: true,
      rule: { kind: 'downlink.delay', count: 1, ms: 2000, which: 'rpc' },
    });
    expect(
      faultRuleOf({ ...EMPTY_FAULT_FORM, kind: 'connect.refuse', device: 'pump-7', count: '' }),
    ).toEqual({ ok: true, rule: { kind: 'connect.refuse', device: 'pump-7', code: 0x87 } });
    expect(faultRuleOf({ ...EMPTY_FAULT_FORM, kind: 'ota.error', otaCode: 'NOT_FOUND' })).toEqual({
      ok: true,
      rule: { kind: 'ota.error', count: 1, code: 'NOT_FOUND' },
    });
  });

  it('says what to fix, per field', () => {
    expect(faultRuleOf({ ...EMPTY_FAULT_FORM, count: '0' })).toEqual({
      ok: false,
      problems: {
        count: 'Give a whole number of times (1 or more), or leave it empty for until removed.',
      },
    });
    const slow = faultRuleOf({ ...EMPTY_FAULT_FORM, kind: 'ota.slow', ms: 'soon' });
    expect(slow.ok ? null : slow.problems.ms).toBe(
      'Give a delay in milliseconds, from 1 to 600000.',
    );
    const refuse = faultRuleOf({ ...EMPTY_FAULT_FORM, kind: 'connect.refuse', code: '0x8B' });
    expect(refuse.ok ? null : refuse.problems.form).toMatch(/^code must be an MQTT 3.1.1 return/);
  });
});
