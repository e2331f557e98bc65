import { describe, expect, it } from 'vitest';

import { decodeClaim } from './claim.ts';

describe('decodeClaim (spec §9)', () => {
  it('example 22: secretKey and durationMs', () => {
    expect(decodeClaim('{"secretKey":"abc","durationMs":60000}')).toEqual({
      ok: true,
      value: { secretKey: 'abc', durationMs: 60000 },
    });
  });

  it('example 22: durationMs missing → undefined (the caller applies the default)', () => {
    expect(decodeClaim('{"secretKey":"abc"}')).toEqual({
      ok: true,
      value: { secretKey: 'abc', durationMs: undefined },
    });
  });

  it('an empty payload counts as {}; secretKey defaults to ""', () => {
    for (const text of ['', '  \n', '{}']) {
      expect(decodeClaim(text)).toEqual({
        ok: true,
        value: { secretKey: '', durationMs: undefined },
      });
    }
  });

  it.each([
    ['0', undefined],
    ['-5', undefined],
    ['-1E400', undefined],
    ['1E-3', undefined],
    ['1.9', 1],
    ['6E4', 60000],
  ])('durationMs %s → %s', (raw, durationMs) => {
    expect(decodeClaim(`{"durationMs":${raw}}`)).toEqual({
      ok: true,
      value: { secretKey: '', durationMs },
    });
  });

  it('accepts lenient JSON', () => {
    expect(decodeClaim('{secretKey: abc; durationMs = 1000}')).toEqual({
      ok: true,
      value: { secretKey: 'abc', durationMs: 1000 },
    });
  });

  it.each([
    ['{"secretKey":123}', '"secretKey" must be a string, got a number'],
    ['{"secretKey":null}', '"secretKey" must be a string, got null'],
    ['{"durationMs":"60000"}', '"durationMs" must be a number, got a string'],
    ['{"durationMs":null}', '"durationMs" must be a number, got null'],
    ['{"durationMs":1E400}', '"durationMs" 1E400 is out of range'],
    ['null', 'Claim request must be a JSON object, got null'],
    ['[]', 'Claim request must be a JSON object, got an array'],
    ['"abc"', 'Claim request must be a JSON object, got a string'],
  ])('rejects %j', (text, message) => {
    expect(decodeClaim(text)).toEqual({ ok: false, error: { kind: 'schema', message } });
  });

  it('rejects unparseable text as bad-json', () => {
    expect(decodeClaim('{"secretKey":"abc"')).toMatchObject({
      ok: false,
      error: { kind: 'bad-json' },
    });
  });
});
