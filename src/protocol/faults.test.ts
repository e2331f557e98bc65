import { describe, expect, it } from 'vitest';

import { connackCodeFor, describeFault, faultRuleInput, type FaultRuleDto } from './faults.ts';

const problems = (input: unknown) => {
  const r = faultRuleInput.safeParse(input);
  return r.success ? 'ok' : r.error.issues.map((i) => i.message).join('; ');
};

describe('fault rules', () => {
  it('accepts each kind with its own parameters and fills in the defaults', () => {
    expect(faultRuleInput.parse({ kind: 'downlink.drop' })).toEqual({
      kind: 'downlink.drop',
      which: 'any',
    });
    expect(faultRuleInput.parse({ kind: 'ota.error', device: 'd', count: 2 })).toEqual({
      kind: 'ota.error',
      device: 'd',
      count: 2,
      code: 'FAILURE',
    });
    expect(problems({ kind: 'connect.refuse', code: 0x8a })).toBe('ok');
  });

  it('refuses what a kind does not take, and says why', () => {
    expect(problems({ kind: 'explode' })).toMatch(/^kind must be one of puback.drop, /);
    expect(problems({ kind: 'puback.delay' })).toBe('ms must be an integer');
    expect(problems({ kind: 'puback.drop', ms: 5 })).toMatch(/ms/);
    expect(problems({ kind: 'puback.drop', count: 0 })).toBe('count must be at least 1');
    expect(problems({ kind: 'connect.refuse', code: 0x8b })).toMatch(/^code must be an MQTT/);
    expect(problems({ kind: 'downlink.drop', which: 'ota' })).toMatch(/^which must be one of/);
    expect(problems({ kind: 'ota.error', code: 'BROKEN' })).toMatch(/^code must be one of/);
  });

  it('maps CONNACK codes between MQTT 3.1.1 and 5', () => {
    expect(connackCodeFor(5, 5)).toBe(0x87);
    expect(connackCodeFor(1, 5)).toBe(0x84);
    expect(connackCodeFor(0x87, 4)).toBe(5);
    expect(connackCodeFor(0x8a, 4)).toBe(3);
    expect(connackCodeFor(0x8a, 5)).toBe(0x8a);
    expect(connackCodeFor(2, 4)).toBe(2);
  });

  it('describes a rule in plain words', () => {
    const rule: FaultRuleDto = {
      kind: 'downlink.delay',
      which: 'rpc',
      ms: 500,
      id: 'f1',
      device: 'thermostat-1',
      remaining: 2,
      fired: 0,
      createdAt: 0,
    };
    expect(describeFault(rule)).toBe('delay RPC requests by 500 ms — thermostat-1, 2 more times');
    expect(describeFault({ ...rule, device: null, remaining: null })).toBe(
      'delay RPC requests by 500 ms — every device, until removed',
    );
    expect(
      describeFault({
        kind: 'connect.refuse',
        code: 0x87,
        id: 'f2',
        device: null,
        remaining: 1,
        fired: 0,
        createdAt: 0,
      }),
    ).toBe('refuse CONNECT with code 0x87 — every device, 1 more time');
  });
});
