import { describe, expect, it } from 'vitest';

import type { RpcStatus } from '../../storage/storage.ts';

import {
  anEvent,
  anRpc,
  expectStorageError,
  seedDevice,
  type ContractContext,
} from './fixtures.ts';

const ALL_STATUSES: RpcStatus[] = [
  'QUEUED',
  'SENT',
  'DELIVERED',
  'SUCCESSFUL',
  'TIMEOUT',
  'EXPIRED',
  'FAILED',
  'DELETED',
];

/** RpcStore: save (create and replace), get, listByDevice, listPending, delete. */
export function rpcContract(ctx: ContractContext): void {
  describe('rpc', () => {
    it('saves, gets and replaces a record with every field intact', async () => {
      const { rpc } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const record = anRpc(device.id, {
        oneway: true,
        retries: 3,
        additionalInfo: '{"x":1}',
        params: '"s"',
      });
      await rpc.save(record);
      expect(rpc.get(record.id)).toEqual(record);
      const done = {
        ...record,
        status: 'SUCCESSFUL' as const,
        attempts: 2,
        response: '{"ok":true}',
        updatedAt: 99,
      };
      await rpc.save(done);
      expect(rpc.get(record.id)).toEqual(done);
      expect(rpc.listByDevice(device.id)).toEqual([done]);
      expect(rpc.get('nope')).toBeUndefined();
      await expectStorageError(rpc.save(anRpc('ghost')), 'NOT_FOUND');
      // Saved again under another device, the record moves.
      const other = await seedDevice(ctx.storage);
      await rpc.save({ ...done, deviceId: other.id });
      expect(rpc.listByDevice(device.id)).toEqual([]);
      expect(rpc.listByDevice(other.id)).toEqual([{ ...done, deviceId: other.id }]);
    });

    it('lists by device in createdAt then id order, filtered by status', async () => {
      const { rpc } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const other = await seedDevice(ctx.storage);
      const records = [
        anRpc(device.id, { id: 'r3', createdAt: 30, status: 'QUEUED' }),
        anRpc(device.id, { id: 'r2b', createdAt: 20, status: 'SENT' }),
        anRpc(device.id, { id: 'r2a', createdAt: 20, status: 'SUCCESSFUL' }),
        anRpc(other.id, { id: 'o1', createdAt: 1, status: 'QUEUED' }),
      ];
      await Promise.all(records.map((r) => rpc.save(r)));
      const ids = (statuses?: RpcStatus[]): string[] =>
        rpc.listByDevice(device.id, statuses).map((r) => r.id);
      expect(ids()).toEqual(['r2a', 'r2b', 'r3']);
      expect(ids(['QUEUED', 'SENT'])).toEqual(['r2b', 'r3']);
      expect(ids(['FAILED'])).toEqual([]);
      expect(ids([])).toEqual([]);
      expect(rpc.listByDevice('ghost')).toEqual([]);
    });

    it('lists pending RPCs of all devices: DELIVERED counts only for two-way', async () => {
      const { rpc } = ctx.storage;
      const a = await seedDevice(ctx.storage);
      const b = await seedDevice(ctx.storage);
      let createdAt = 100;
      for (const status of ALL_STATUSES) {
        for (const oneway of [false, true]) {
          const device = oneway ? b : a;
          await rpc.save(
            anRpc(device.id, { id: `${status}-${oneway}`, status, oneway, createdAt: createdAt-- }),
          );
        }
      }
      expect(rpc.listPending().map((r) => r.id)).toEqual([
        'TIMEOUT-true',
        'TIMEOUT-false',
        'DELIVERED-false',
        'SENT-true',
        'SENT-false',
        'QUEUED-true',
        'QUEUED-false',
      ]);
    });

    it('deletes a record', async () => {
      const { rpc } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const record = anRpc(device.id);
      await rpc.save(record);
      await expect(rpc.delete(record.id)).resolves.toBe(true);
      await expect(rpc.delete(record.id)).resolves.toBe(false);
      expect(rpc.get(record.id)).toBeUndefined();
      expect(rpc.listByDevice(device.id)).toEqual([]);
      expect(rpc.listPending()).toEqual([]);
    });
  });
}

/** EventStore: append assigns increasing ids; list filters, newest first. */
export function eventContract(ctx: ContractContext): void {
  describe('events', () => {
    it('appends with increasing ids and lists newest first', () => {
      const { events } = ctx.storage;
      const input = anEvent({ deviceId: 'd1', deviceName: 'thermo-1', message: 'x "y" \u{1F600}' });
      const first = events.append(input);
      expect(first).toEqual({ ...input, id: first.id });
      const second = events.append(anEvent({ kind: 'auth_failed', clientId: null, topic: null }));
      expect(second.id).toBeGreaterThan(first.id);
      expect(events.list()).toEqual([second, first]);
    });

    it('filters by device, kinds and afterId, and limits newest first', () => {
      const { events } = ctx.storage;
      const appended = [
        events.append(anEvent({ deviceId: 'd1', kind: 'auth_failed' })),
        events.append(anEvent({ deviceId: 'd2', kind: 'dropped' })),
        events.append(anEvent({ deviceId: 'd1', kind: 'dropped' })),
        events.append(anEvent({ deviceId: null, kind: 'session_opened' })),
        events.append(anEvent({ deviceId: 'd1', kind: 'session_closed' })),
      ];
      const idsOf = (n: number[]): number[] => n.map((i) => appended[i]?.id ?? -1);
      const ids = (q: Parameters<typeof events.list>[0]): number[] =>
        events.list(q).map((e) => e.id);
      expect(ids({})).toEqual(idsOf([4, 3, 2, 1, 0]));
      expect(ids({ deviceId: 'd1' })).toEqual(idsOf([4, 2, 0]));
      expect(ids({ kinds: ['dropped', 'auth_failed'] })).toEqual(idsOf([2, 1, 0]));
      expect(ids({ kinds: [] })).toEqual([]);
      expect(ids({ deviceId: 'd1', kinds: ['dropped'] })).toEqual(idsOf([2]));
      expect(ids({ afterId: appended[1]?.id ?? 0 })).toEqual(idsOf([4, 3, 2]));
      expect(ids({ limit: 2 })).toEqual(idsOf([4, 3]));
      expect(ids({ limit: 2, deviceId: 'd1', afterId: appended[0]?.id ?? 0 })).toEqual(
        idsOf([4, 2]),
      );
      expect(ids({ limit: 0 })).toEqual([]);
      expect(ids({ limit: -5 })).toEqual([]);
    });

    it('returns at most 100 events by default', () => {
      const { events } = ctx.storage;
      const appended = Array.from({ length: 105 }, () => events.append(anEvent()));
      const listed = events.list();
      expect(listed).toHaveLength(100);
      expect(listed[0]?.id).toBe(appended[104]?.id);
      expect(listed[99]?.id).toBe(appended[5]?.id);
    });

    it('prunes by age and by count (retention), keeping the newest', async () => {
      const { events } = ctx.storage;
      const at = (ts: number) => events.append(anEvent({ ts }));
      const [old1, old2, mid, new1, new2] = [at(1000), at(2000), at(3000), at(4000), at(5000)];
      expect(await events.prune({ olderThan: 2500, keep: 100 })).toBe(2);
      expect(events.list().map((e) => e.id)).toEqual([new2.id, new1.id, mid.id]);
      expect(await events.prune({ olderThan: 0, keep: 2 })).toBe(1);
      expect(events.list().map((e) => e.id)).toEqual([new2.id, new1.id]);
      expect(await events.prune({ olderThan: 0, keep: 2 })).toBe(0);
      const after = at(6000);
      expect(after.id).toBeGreaterThan(new2.id); // ids are never reused
      expect(await events.prune({ olderThan: 0, keep: 0 })).toBe(3);
      expect(events.list()).toEqual([]);
      expect([old1, old2].every((e) => e.id < mid.id)).toBe(true);
    });

    it('keeps events of a device that was deleted', async () => {
      const device = await seedDevice(ctx.storage);
      const event = ctx.storage.events.append(
        anEvent({ deviceId: device.id, deviceName: device.name }),
      );
      await ctx.storage.devices.delete(device.id);
      expect(ctx.storage.events.list({ deviceId: device.id })).toEqual([event]);
    });
  });
}
