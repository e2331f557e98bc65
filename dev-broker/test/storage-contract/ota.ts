import { describe, expect, it } from 'vitest';

import type { OtaPackageRecord } from '../../storage/ota-store.ts';

import { aProfile, expectStorageError, seedDevice, type ContractContext } from './fixtures.ts';

let seq = 0;

/** A firmware package record with unique id, title and version; `overrides` win. */
export function aPackage(overrides: Partial<OtaPackageRecord> = {}): OtaPackageRecord {
  const n = ++seq;
  return {
    id: `pkg-${String(n).padStart(4, '0')}`,
    title: `fw-${String(n)}`,
    version: '1.0',
    tag: null,
    type: 'FIRMWARE',
    url: null,
    fileName: 'fw.bin',
    contentType: 'application/octet-stream',
    size: 0,
    checksumAlgorithm: 'SHA256',
    checksum: 'ab',
    createdAt: 1_700_000_000_000 + n,
    ...overrides,
  };
}

function bytesOf(length: number, salt = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 13 + salt) & 0xff;
  return bytes;
}

/** OtaStore: packages with bytes, (title, version) uniqueness, assignments and their cascades. */
export function otaContract(ctx: ContractContext): void {
  describe('ota packages', () => {
    it('stores a package with its bytes; reads slices; lists by createdAt then id', async () => {
      const { ota } = ctx.storage;
      const data = bytesOf(2500);
      const b = aPackage({ id: 'pkg-b', createdAt: 20, size: 2500, tag: 'v1' });
      const a = aPackage({
        id: 'pkg-a',
        createdAt: 20,
        type: 'SOFTWARE',
        checksumAlgorithm: 'CRC32',
      });
      const url = aPackage({
        id: 'pkg-u',
        createdAt: 10,
        url: 'https://example.com/fw.bin',
        checksum: null,
        checksumAlgorithm: null,
      });
      await Promise.all([
        ota.create(b, data),
        ota.create(a, new Uint8Array(0)),
        ota.create(url, null),
      ]);
      data.fill(0); // the store kept its own copy
      expect(ota.get('pkg-b')).toEqual(b);
      expect(ota.get('nope')).toBeUndefined();
      expect(ota.list().map((p) => p.id)).toEqual(['pkg-u', 'pkg-a', 'pkg-b']);
      expect(ota.readData('pkg-b', 0, 1024)).toEqual(bytesOf(2500).subarray(0, 1024));
      expect(ota.readData('pkg-b', 2048, 1024)).toEqual(bytesOf(2500).subarray(2048));
      expect(ota.readData('pkg-b', 2500, 1024)).toEqual(new Uint8Array(0));
      expect(ota.readData('pkg-b', 9999, 10)).toEqual(new Uint8Array(0));
      expect(ota.readData('pkg-a', 0, 10)).toEqual(new Uint8Array(0));
      expect(ota.readData('pkg-u', 0, 10)).toBeUndefined();
      expect(ota.readData('nope', 0, 10)).toBeUndefined();
    });

    it('rejects CONFLICT on a taken id or (title, version), and keeps nothing of the refused one', async () => {
      const { ota } = ctx.storage;
      const first = aPackage({ title: 'same', version: '2.0', size: 3 });
      await ota.create(first, bytesOf(3));
      await expectStorageError(
        ota.create(aPackage({ title: 'same', version: '2.0', type: 'SOFTWARE' }), bytesOf(4)),
        'CONFLICT',
      );
      await expectStorageError(ota.create({ ...first, title: 'other' }, bytesOf(5)), 'CONFLICT');
      expect(ota.list()).toEqual([first]);
      expect(ota.readData(first.id, 0, 10)).toEqual(bytesOf(3));
      await ota.create(aPackage({ title: 'same', version: '2.1' }), null);
      expect(ota.list()).toHaveLength(2);
    });

    it('keeps more than 16 MiB of bytes exactly; reads across any boundary', async () => {
      const { ota } = ctx.storage;
      const size = 16 * 1024 * 1024 + 123;
      const expected = Buffer.from(bytesOf(size, 7));
      const big = aPackage({ size });
      await ota.create(big, expected);
      const read = (offset: number, length: number) =>
        Buffer.from(ota.readData(big.id, offset, length) ?? []);
      for (const [offset, length] of [
        [0, 1],
        [65_000, 70_000],
        [65_536, 65_536],
        [size - 65_546, 65_536],
        [size - 5, 100],
        [123_457, 3 * 65_536 + 1],
      ] as const) {
        expect(
          read(offset, length).equals(expected.subarray(offset, offset + length)),
          `${String(offset)}+${String(length)}`,
        ).toBe(true);
      }
      expect(read(0, size).equals(expected)).toBe(true);
    });
  });

  describe('ota assignments', () => {
    it('assigns per target and package type, replaces, lists with filters in order, unassigns', async () => {
      const { ota } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const fw1 = aPackage();
      const fw2 = aPackage();
      const sw = aPackage({ type: 'SOFTWARE' });
      await Promise.all([ota.create(fw1, null), ota.create(fw2, null), ota.create(sw, null)]);
      const deviceTarget = { kind: 'device', id: device.id } as const;
      const profileTarget = { kind: 'profile', id: device.profileId } as const;
      expect(await ota.assign(deviceTarget, fw1.id, 5)).toEqual({
        target: deviceTarget,
        type: 'FIRMWARE',
        packageId: fw1.id,
        assignedAt: 5,
      });
      await ota.assign(profileTarget, fw1.id, 3);
      await ota.assign(deviceTarget, sw.id, 5);
      await ota.assign(deviceTarget, fw2.id, 7); // replaces the firmware assignment only
      expect(ota.getAssignment(deviceTarget, 'FIRMWARE')?.packageId).toBe(fw2.id);
      expect(ota.getAssignment(deviceTarget, 'SOFTWARE')?.packageId).toBe(sw.id);
      expect(ota.getAssignment(profileTarget, 'SOFTWARE')).toBeUndefined();
      expect(ota.listAssignments().map((a) => [a.target.kind, a.type, a.packageId])).toEqual([
        ['profile', 'FIRMWARE', fw1.id],
        ['device', 'SOFTWARE', sw.id],
        ['device', 'FIRMWARE', fw2.id],
      ]);
      expect(ota.listAssignments({ packageId: fw1.id }).map((a) => a.target)).toEqual([
        profileTarget,
      ]);
      expect(ota.listAssignments({ target: deviceTarget, type: 'SOFTWARE' })).toHaveLength(1);
      expect(await ota.unassign(deviceTarget, 'SOFTWARE')).toBe(true);
      expect(await ota.unassign(deviceTarget, 'SOFTWARE')).toBe(false);
      expect(ota.listAssignments({ target: deviceTarget })).toHaveLength(1);
    });

    it('rejects NOT_FOUND for an unknown package, device or profile', async () => {
      const { ota } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const pkg = aPackage();
      await ota.create(pkg, null);
      await expectStorageError(
        ota.assign({ kind: 'device', id: device.id }, 'nope', 1),
        'NOT_FOUND',
      );
      await expectStorageError(ota.assign({ kind: 'device', id: 'nope' }, pkg.id, 1), 'NOT_FOUND');
      await expectStorageError(ota.assign({ kind: 'profile', id: 'nope' }, pkg.id, 1), 'NOT_FOUND');
      expect(ota.listAssignments()).toEqual([]);
    });

    it('refuses to delete an assigned package; deletes it with its bytes once unassigned', async () => {
      const { ota } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const pkg = aPackage({ size: 10 });
      await ota.create(pkg, bytesOf(10));
      const target = { kind: 'device', id: device.id } as const;
      await ota.assign(target, pkg.id, 1);
      await expectStorageError(ota.delete(pkg.id), 'CONFLICT');
      expect(ota.get(pkg.id)).toEqual(pkg);
      await ota.unassign(target, 'FIRMWARE');
      expect(await ota.delete(pkg.id)).toBe(true);
      expect(await ota.delete(pkg.id)).toBe(false);
      expect(ota.get(pkg.id)).toBeUndefined();
      expect(ota.readData(pkg.id, 0, 10)).toBeUndefined();
      // the (title, version) pair is free again
      await ota.create({ ...pkg, id: 'pkg-again' }, null);
    });

    it('deleting a device or a profile deletes its assignments', async () => {
      const { ota, devices, profiles } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const spare = aProfile();
      await profiles.save(spare);
      const pkg = aPackage();
      await ota.create(pkg, null);
      await ota.assign({ kind: 'device', id: device.id }, pkg.id, 1);
      await ota.assign({ kind: 'profile', id: spare.id }, pkg.id, 2);
      await devices.delete(device.id);
      expect(ota.listAssignments().map((a) => a.target)).toEqual([
        { kind: 'profile', id: spare.id },
      ]);
      await profiles.delete(spare.id);
      expect(ota.listAssignments()).toEqual([]);
      expect(await ota.delete(pkg.id)).toBe(true);
    });
  });
}
