import { describe, expect, it } from 'vitest';

import { checkTelemetry } from './check-telemetry.ts';

describe('checkTelemetry', () => {
  it('types a flat object as the platform does, casting numeric strings and skipping null', () => {
    const check = checkTelemetry(
      '{"temperature":"42","humidity":40.5,"on":true,"gone":null,"cfg":{"a":1}}',
    );
    expect(check).toMatchObject({ ok: true, shape: 'object', lenient: false, skipped: ['gone'] });
    if (!check.ok) return;
    expect(check.rows).toEqual([
      { key: 'temperature', type: 'LONG', value: '42', ts: null, cast: true },
      { key: 'humidity', type: 'DOUBLE', value: '40.5', ts: null, cast: false },
      { key: 'on', type: 'BOOLEAN', value: 'true', ts: null, cast: false },
      { key: 'cfg', type: 'JSON', value: '{"a":1}', ts: null, cast: false },
    ]);
  });

  it('reads {ts, values} and arrays, and warns about a ts in seconds', () => {
    const withTs = checkTelemetry('{"ts":1451649600512,"values":{"k":"v"}}');
    expect(withTs).toMatchObject({
      ok: true,
      shape: 'ts-values',
      rows: [{ key: 'k', ts: 1451649600512 }],
    });
    const seconds = checkTelemetry('{"ts":1451649600,"values":{"k":1}}');
    expect(seconds.ok && seconds.notes[0]).toContain('looks like seconds');
    const array = checkTelemetry('[{"a":1},{"ts":5000000000000,"values":{"b":2}}]');
    expect(array).toMatchObject({ ok: true, shape: 'array' });
  });

  it('accepts lenient JSON and offers its strict form', () => {
    expect(checkTelemetry('{temperature:42}')).toMatchObject({
      ok: true,
      lenient: true,
      json: '{"temperature":42}',
      rows: [{ key: 'temperature', type: 'LONG', value: '42' }],
    });
  });

  it('refuses what the platform refuses, in words', () => {
    expect(checkTelemetry('')).toMatchObject({ ok: false });
    expect(checkTelemetry('{"a":}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not valid JSON/) as unknown,
    });
    expect(checkTelemetry('42')).toMatchObject({
      ok: false,
      message: expect.stringContaining('must be a JSON object') as unknown,
    });
    expect(checkTelemetry('{"ts":1,"values":5}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"values" must be an object') as unknown,
    });
  });
});
