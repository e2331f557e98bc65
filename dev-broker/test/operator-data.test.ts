import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AggregatedPointDto, Aggregation } from '../../src/protocol/operator-dto.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
let device: TestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker, 'ws', 4);
  await op.ok('devices.create', { name: 'data-1', token: 'DATA-1' });
  device = await connectDevice(broker, 'tcp', 5, { username: 'DATA-1' });
});
afterAll(async () => {
  await device.end();
  await op.end();
  await broker.close();
});

describe('telemetry.latest', () => {
  it('returns typed values: LONG as a number when safe, else decimal digits; JSON parsed', async () => {
    await device.publish(
      'v1/devices/me/telemetry',
      '{"n":42,"d":1.5,"s":"on","b":true,"j":{"a":[1]},"big":9007199254740993}',
    );
    const latest = await op.ok('telemetry.latest', { deviceName: 'data-1' });
    const byKey = Object.fromEntries(latest.map((p) => [p.key, { type: p.type, value: p.value }]));
    expect(byKey).toEqual({
      n: { type: 'LONG', value: 42 },
      d: { type: 'DOUBLE', value: 1.5 },
      s: { type: 'STRING', value: 'on' },
      b: { type: 'BOOLEAN', value: true },
      j: { type: 'JSON', value: { a: [1] } },
      big: { type: 'LONG', value: '9007199254740993' },
    });
    expect(latest.every((p) => p.ts > 0)).toBe(true);
    const some = await op.ok('telemetry.latest', { deviceName: 'data-1', keys: ['n', 'missing'] });
    expect(some.map((p) => p.key)).toEqual(['n']);
  });

  it('errors: NOT_FOUND device, INVALID_ARGUMENT keys', async () => {
    expect((await op.fail('telemetry.latest', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    expect(
      (await op.fail('telemetry.latest', { deviceName: 'data-1', keys: 'n' })).message,
    ).toMatch(/keys must be an array of key names/);
  });
});

describe('telemetry.history', () => {
  const START = 1_000_000;
  const INTERVAL = 10_000;
  // 40 points of `h` every 2.5 s, values with a pattern; plus a string value that only COUNT counts
  const points = Array.from({ length: 40 }, (_, i) => ({
    ts: START + i * 2500,
    value: ((i * 7) % 11) - 3,
  }));

  beforeAll(async () => {
    const payload = points.map((p) => ({ ts: p.ts, values: { h: p.value, g: p.value * 2 } }));
    await device.publish('v1/devices/me/telemetry', JSON.stringify(payload));
    await device.publish(
      'v1/devices/me/telemetry',
      JSON.stringify({ ts: START + 1, values: { h: 'text' } }),
    );
  });

  function expected(agg: Exclude<Aggregation, 'NONE'>): AggregatedPointDto[] {
    const buckets = new Map<number, number[]>();
    for (const p of points) {
      const k = Math.floor((p.ts - START) / INTERVAL);
      buckets.set(k, [...(buckets.get(k) ?? []), p.value]);
    }
    return [...buckets.entries()].map(([k, values]) => {
      const sum = values.reduce((s, v) => s + v, 0);
      const value = {
        AVG: sum / values.length,
        MIN: Math.min(...values),
        MAX: Math.max(...values),
        SUM: sum,
        COUNT: values.length,
      }[agg];
      return { key: 'h', ts: START + k * INTERVAL + INTERVAL / 2, value, count: values.length };
    });
  }

  it.each(['AVG', 'MIN', 'MAX', 'SUM'] as const)(
    '%s over 10 s buckets matches a computed expectation',
    async (agg) => {
      const result = await op.ok('telemetry.history', {
        deviceName: 'data-1',
        keys: ['h'],
        startTs: START,
        endTs: START + 99_999,
        aggregation: agg,
        intervalMs: INTERVAL,
        order: 'ASC',
      });
      expect(result).toEqual({ aggregation: agg, intervalMs: INTERVAL, points: expected(agg) });
    },
  );

  it('COUNT counts every point, the non-numeric one too', async () => {
    const result = await op.ok('telemetry.history', {
      deviceName: 'data-1',
      keys: ['h'],
      startTs: START,
      endTs: START + 99_999,
      aggregation: 'COUNT',
      intervalMs: INTERVAL,
      order: 'ASC',
    });
    if (result.aggregation === 'NONE') throw new Error('expected aggregated points');
    const want = expected('COUNT').map((b, i) =>
      i === 0 ? { ...b, value: b.value + 1, count: b.count + 1 } : b,
    );
    expect(result.points).toEqual(want);
  });

  it('without intervalMs one bucket covers the range; DESC order over two keys', async () => {
    const one = await op.ok('telemetry.history', {
      deviceName: 'data-1',
      keys: ['g'],
      startTs: START,
      endTs: START + 99_999,
      aggregation: 'MAX',
    });
    expect(one).toEqual({
      aggregation: 'MAX',
      intervalMs: 100_000,
      points: [{ key: 'g', ts: START + 50_000, value: 14, count: 40 }],
    });
    const raw = await op.ok('telemetry.history', {
      deviceName: 'data-1',
      keys: ['h', 'g'],
      startTs: START,
      endTs: START + 5000,
      limit: 2,
    });
    if (raw.aggregation !== 'NONE') throw new Error('expected raw points');
    expect(raw.points.map((p) => [p.key, p.ts])).toEqual([
      ['h', START + 5000],
      ['h', START + 2500],
      ['g', START + 5000],
      ['g', START + 2500],
    ]);
    expect(raw.points[0]).toEqual({
      key: 'h',
      ts: START + 5000,
      type: 'LONG',
      value: points[2]?.value,
    });
  });

  it('endTs defaults to now; ASC order with a limit returns the oldest points', async () => {
    const r = await op.ok('telemetry.history', {
      deviceName: 'data-1',
      keys: ['h'],
      limit: 3,
      order: 'ASC',
    });
    expect(r.points.map((p) => p.ts)).toEqual([START, START + 1, START + 2500]);
  });

  it('errors: INVALID_ARGUMENT for keys, range, aggregation, interval and limit; NOT_FOUND device', async () => {
    const base = { deviceName: 'data-1', keys: ['h'] };
    expect((await op.fail('telemetry.history', { deviceName: 'data-1' })).message).toMatch(
      /keys: /,
    );
    expect((await op.fail('telemetry.history', { ...base, keys: [] })).message).toMatch(
      /keys must name at least one key/,
    );
    expect(
      (await op.fail('telemetry.history', { ...base, startTs: 10, endTs: 5 })).message,
    ).toMatch(/endTs must not be before startTs/);
    expect(
      (await op.fail('telemetry.history', { ...base, aggregation: 'MEDIAN' })).message,
    ).toMatch(/aggregation must be one of NONE, AVG, MIN, MAX, SUM, COUNT/);
    expect((await op.fail('telemetry.history', { ...base, intervalMs: 100 })).message).toMatch(
      /intervalMs needs an aggregation other than NONE/,
    );
    expect(
      (await op.fail('telemetry.history', { ...base, aggregation: 'AVG', intervalMs: 0 })).message,
    ).toMatch(/intervalMs must be at least 1/);
    expect((await op.fail('telemetry.history', { ...base, limit: 100_001 })).message).toMatch(
      /limit must be at most 100000/,
    );
    expect((await op.fail('telemetry.history', { ...base, order: 'UP' })).message).toMatch(
      /order must be ASC or DESC/,
    );
    expect(
      (await op.fail('telemetry.history', { ...base, startTs: Date.now() + 3_600_000 })).message,
    ).toMatch(/endTs must not be before startTs/);
    expect((await op.fail('telemetry.history', { ...base, deviceName: 'ghost' })).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('attributes.*', () => {
  it('save SHARED is pushed to the subscribed device; SERVER is not; get reads each scope', async () => {
    await device.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
    const saved = await op.ok('attributes.save', {
      deviceName: 'data-1',
      scope: 'SHARED',
      values: { target: 21, mode: 'eco' },
    });
    expect(saved).toMatchObject({ scope: 'SHARED', keys: ['target', 'mode'] });
    expect(JSON.parse((await device.message('v1/devices/me/attributes')).text)).toEqual({
      target: 21,
      mode: 'eco',
    });
    await op.ok('attributes.save', {
      deviceName: 'data-1',
      scope: 'SERVER',
      values: { location: 'hall' },
    });
    await device.publish('v1/devices/me/attributes', '{"fw":"v1.0"}');
    const shared = await op.ok('attributes.get', { deviceName: 'data-1', scope: 'SHARED' });
    expect(shared.map((a) => [a.key, a.type, a.value, a.scope])).toEqual([
      ['mode', 'STRING', 'eco', 'SHARED'],
      ['target', 'LONG', 21, 'SHARED'],
    ]);
    expect(shared[0]?.lastUpdateTs).toBeGreaterThan(0);
    const server = await op.ok('attributes.get', { deviceName: 'data-1', scope: 'SERVER' });
    expect(server.find((a) => a.key === 'location')?.value).toBe('hall');
    expect(server.find((a) => a.key === 'active')?.value).toBe(true); // activity attributes (spec §13)
    expect(
      (
        await op.ok('attributes.get', {
          deviceName: 'data-1',
          scope: 'CLIENT',
          keys: ['fw', 'nope'],
        })
      ).map((a) => a.value),
    ).toEqual(['v1.0']);
    expect(device.messages.filter((m) => m.text.includes('hall'))).toEqual([]);
  });

  it('delete SHARED pushes {"deleted":[…]} and returns the keys that existed', async () => {
    const result = await op.ok('attributes.delete', {
      deviceName: 'data-1',
      scope: 'SHARED',
      keys: ['mode', 'never'],
    });
    expect(result).toMatchObject({ scope: 'SHARED', deleted: ['mode'] });
    expect(JSON.parse((await device.message('v1/devices/me/attributes')).text)).toEqual({
      deleted: ['mode'],
    });
    expect(
      await op.ok('attributes.delete', { deviceName: 'data-1', scope: 'CLIENT', keys: ['fw'] }),
    ).toMatchObject({ deleted: ['fw'] });
  });

  it('errors: CLIENT is not writable, empty or non-object values, bad scope, no keys, NOT_FOUND', async () => {
    const client = await op.fail('attributes.save', {
      deviceName: 'data-1',
      scope: 'CLIENT',
      values: { a: 1 },
    });
    expect(client).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(client.message).toMatch(
      /scope must be SHARED or SERVER \(CLIENT attributes are written by the device\)/,
    );
    expect(
      (await op.fail('attributes.save', { deviceName: 'data-1', scope: 'SHARED', values: {} }))
        .message,
    ).toMatch(/at least one attribute/);
    expect(
      (await op.fail('attributes.save', { deviceName: 'data-1', scope: 'SHARED', values: [1] }))
        .message,
    ).toMatch(/JSON object of key → value/);
    expect(
      (await op.fail('attributes.get', { deviceName: 'data-1', scope: 'shared' })).message,
    ).toMatch(/scope must be CLIENT, SHARED or SERVER/);
    expect(
      (await op.fail('attributes.delete', { deviceName: 'data-1', scope: 'SHARED', keys: [] }))
        .message,
    ).toMatch(/at least one key/);
    expect((await op.fail('attributes.get', { deviceName: 'ghost', scope: 'SHARED' })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await op.fail('attributes.save', { deviceName: 'ghost', scope: 'SERVER', values: { a: 1 } }))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await op.fail('attributes.delete', { deviceName: 'ghost', scope: 'SERVER', keys: ['a'] }))
        .code,
    ).toBe('NOT_FOUND');
  });
});
