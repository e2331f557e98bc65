import { describe, expect, it } from 'vitest';

import type { KvValue, TsKvEntry } from '../../../src/protocol/kv.ts';
import type { TelemetryQuery } from '../../storage/storage.ts';

import { expectStorageError, seedDevice, type ContractContext } from './fixtures.ts';

const long = (value: bigint): KvValue => ({ type: 'LONG', value });
const dbl = (value: number): KvValue => ({ type: 'DOUBLE', value });
const str = (value: string): KvValue => ({ type: 'STRING', value });
const point = (key: string, ts: number, value: KvValue): TsKvEntry => ({ key, ts, value });
const query = (over: Partial<TelemetryQuery>): TelemetryQuery => ({
  keys: ['t'],
  startTs: 0,
  endTs: Number.MAX_SAFE_INTEGER,
  limit: 100,
  order: 'ASC',
  ...over,
});

/** Every value type, including both LONG extremes and awkward strings. */
const EXTREMES: KvValue[] = [
  long(-(2n ** 63n)),
  long(2n ** 63n - 1n),
  long(0n),
  long(-1n),
  long(9_007_199_254_740_993n),
  dbl(3.5),
  dbl(-0.000123),
  dbl(1e300),
  dbl(3),
  str(''),
  str('héllo \u{1F600} "quoted"'),
  { type: 'BOOLEAN', value: true },
  { type: 'BOOLEAN', value: false },
  { type: 'JSON', value: '{"a":[1,2.50,{"b":null}],"c":"x"}' },
  { type: 'JSON', value: '[]' },
];

/** TelemetryStore: save, latest, history, keys and value round trips. */
export function telemetryContract(ctx: ContractContext): void {
  describe('telemetry', () => {
    it('round-trips every value type exactly, LONG over the whole int64 range', async () => {
      const { telemetry } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const points = EXTREMES.map((value, i) =>
        point(`k${String(i).padStart(2, '0')}`, 1000 + i, value),
      );
      await telemetry.save(device.id, points);
      expect(telemetry.latest(device.id)).toEqual(points);
      const history = telemetry.history(device.id, query({ keys: points.map((p) => p.key) }));
      expect(history).toEqual(points);
      const min = telemetry.latest(device.id, ['k00'])[0]?.value;
      expect(min?.value).toBe(-(2n ** 63n));
      expect(typeof telemetry.latest(device.id, ['k05'])[0]?.value.value).toBe('number');
    });

    it('sees a write before it is durable and lists keys sorted', async () => {
      const { telemetry } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const write = telemetry.save(device.id, [point('b', 1, long(1n)), point('a', 1, long(2n))]);
      expect(telemetry.keys(device.id)).toEqual(['a', 'b']);
      await write;
      expect(telemetry.keys('other-device')).toEqual([]);
      await telemetry.save(device.id, []);
      expect(telemetry.keys(device.id)).toEqual(['a', 'b']);
    });

    it('moves latest only forward in ts; an equal ts replaces it', async () => {
      const { telemetry } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      await telemetry.save(device.id, [point('t', 200, long(2n)), point('h', 5, dbl(0.5))]);
      await telemetry.save(device.id, [point('t', 100, long(1n))]);
      expect(telemetry.latest(device.id, ['t'])).toEqual([point('t', 200, long(2n))]);
      await telemetry.save(device.id, [point('t', 200, str('same ts, later write'))]);
      expect(telemetry.latest(device.id, ['t'])).toEqual([
        point('t', 200, str('same ts, later write')),
      ]);
      await telemetry.save(device.id, [point('t', 300, long(3n)), point('t', 250, long(9n))]);
      expect(telemetry.latest(device.id, ['t', 'missing', 't'])).toEqual([
        point('t', 300, long(3n)),
      ]);
      expect(telemetry.latest(device.id, ['t', 'h'])).toEqual([
        point('h', 5, dbl(0.5)),
        point('t', 300, long(3n)),
      ]);
      expect(telemetry.latest(device.id, [])).toEqual([]);
    });

    it('keeps one point per key and ts; the later write wins, also within one save', async () => {
      const { telemetry } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      await telemetry.save(device.id, [point('t', 10, long(1n)), point('t', 10, long(2n))]);
      await telemetry.save(device.id, [point('t', 5, long(5n)), point('t', 20, long(20n))]);
      await telemetry.save(device.id, [point('t', 5, dbl(5.5))]);
      expect(telemetry.history(device.id, query({}))).toEqual([
        point('t', 5, dbl(5.5)),
        point('t', 10, long(2n)),
        point('t', 20, long(20n)),
      ]);
      expect(telemetry.latest(device.id)).toEqual([point('t', 20, long(20n))]);
    });

    it('reads history per key, inclusive range, ordered, limited per key', async () => {
      const { telemetry } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const shuffled = [30, 10, 50, 20, 40].flatMap((ts) => [
        point('t', ts, long(BigInt(ts))),
        point('h', ts, dbl(ts / 10)),
      ]);
      await telemetry.save(device.id, shuffled);
      const tsOf = (q: Partial<TelemetryQuery>): string[] =>
        telemetry.history(device.id, query(q)).map((p) => `${p.key}@${p.ts}`);
      expect(tsOf({ startTs: 20, endTs: 40 })).toEqual(['t@20', 't@30', 't@40']);
      expect(tsOf({ startTs: 20, endTs: 40, order: 'DESC' })).toEqual(['t@40', 't@30', 't@20']);
      expect(tsOf({ keys: ['h', 't'], limit: 2 })).toEqual(['h@10', 'h@20', 't@10', 't@20']);
      expect(tsOf({ keys: ['t', 'h', 't'], limit: 2, order: 'DESC' })).toEqual([
        't@50',
        't@40',
        'h@50',
        'h@40',
      ]);
      expect(tsOf({ startTs: 41, endTs: 49 })).toEqual([]);
      expect(tsOf({ startTs: 50, endTs: 50 })).toEqual(['t@50']);
      expect(tsOf({ keys: ['missing', 't'], startTs: 10, endTs: 10 })).toEqual(['t@10']);
      expect(tsOf({ limit: 0 })).toEqual([]);
      expect(tsOf({ limit: -1 })).toEqual([]);
      expect(telemetry.history('other-device', query({}))).toEqual([]);
      expect(telemetry.history(device.id, query({ keys: ['h'], startTs: 30, endTs: 30 }))).toEqual([
        point('h', 30, dbl(3)),
      ]);
    });

    it('keeps devices apart and rejects NOT_FOUND for an unknown device', async () => {
      const { telemetry } = ctx.storage;
      const a = await seedDevice(ctx.storage);
      const b = await seedDevice(ctx.storage);
      await telemetry.save(a.id, [point('t', 1, long(1n))]);
      await telemetry.save(b.id, [point('t', 1, long(2n)), point('u', 1, long(3n))]);
      expect(telemetry.latest(a.id)).toEqual([point('t', 1, long(1n))]);
      expect(telemetry.keys(b.id)).toEqual(['t', 'u']);
      await expectStorageError(telemetry.save('ghost', [point('t', 1, long(1n))]), 'NOT_FOUND');
      expect(telemetry.keys('ghost')).toEqual([]);
    });
  });
}

/** AttributeStore: scopes, upsert, get by keys, delete. */
export function attributeContract(ctx: ContractContext): void {
  describe('attributes', () => {
    it('round-trips every value type with its scope and lastUpdateTs', async () => {
      const { attributes } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const entries = EXTREMES.map((value, i) => ({
        key: `k${String(i).padStart(2, '0')}`,
        value,
      }));
      await attributes.save(device.id, 'SERVER', entries, 1234);
      expect(attributes.get(device.id, 'SERVER')).toEqual(
        entries.map((e) => ({ ...e, scope: 'SERVER', lastUpdateTs: 1234 })),
      );
    });

    it('keeps scopes apart and overwrites within a scope', async () => {
      const { attributes } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      await attributes.save(device.id, 'CLIENT', [{ key: 'k', value: long(1n) }], 10);
      await attributes.save(device.id, 'SHARED', [{ key: 'k', value: str('shared') }], 20);
      await attributes.save(
        device.id,
        'CLIENT',
        [
          { key: 'k', value: dbl(2.5) },
          { key: 'z', value: long(0n) },
        ],
        30,
      );
      expect(attributes.get(device.id, 'CLIENT')).toEqual([
        { key: 'k', scope: 'CLIENT', value: dbl(2.5), lastUpdateTs: 30 },
        { key: 'z', scope: 'CLIENT', value: long(0n), lastUpdateTs: 30 },
      ]);
      expect(attributes.get(device.id, 'SHARED')).toEqual([
        { key: 'k', scope: 'SHARED', value: str('shared'), lastUpdateTs: 20 },
      ]);
      expect(attributes.get(device.id, 'SERVER')).toEqual([]);
      expect(attributes.get(device.id, 'CLIENT', ['z', 'missing', ''])).toEqual([
        { key: 'z', scope: 'CLIENT', value: long(0n), lastUpdateTs: 30 },
      ]);
      expect(attributes.get(device.id, 'CLIENT', [])).toEqual([]);
      await expectStorageError(
        attributes.save('ghost', 'CLIENT', [{ key: 'k', value: long(1n) }], 1),
        'NOT_FOUND',
      );
    });

    it('deletes keys in one scope and resolves to the keys that existed', async () => {
      const { attributes } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const kv = [
        { key: 'a', value: long(1n) },
        { key: 'b', value: long(2n) },
      ];
      await attributes.save(device.id, 'SHARED', kv, 1);
      await attributes.save(device.id, 'CLIENT', kv, 1);
      await expect(
        attributes.delete(device.id, 'SHARED', ['b', 'missing', 'a', 'b']),
      ).resolves.toEqual(['b', 'a']);
      expect(attributes.get(device.id, 'SHARED')).toEqual([]);
      expect(attributes.get(device.id, 'CLIENT').map((e) => e.key)).toEqual(['a', 'b']);
      await expect(attributes.delete(device.id, 'SHARED', ['a'])).resolves.toEqual([]);
      await expect(attributes.delete('ghost', 'SHARED', ['a'])).resolves.toEqual([]);
    });
  });
}
