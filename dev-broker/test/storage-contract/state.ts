import { describe, expect, it } from 'vitest';

import { dumpStorage, type StoredState } from '../../state/snapshot-dump.ts';
import { loadStorage } from '../../state/snapshot-load.ts';
import type { Storage } from '../../storage/storage.ts';

import { aCustomer } from './claims.ts';
import {
  aDevice,
  aProfile,
  anEvent,
  anRpc,
  credentialsFor,
  expectStorageErrorCode,
  seedDevice,
  tokenFor,
  type ContractContext,
} from './fixtures.ts';
import { aPackage } from './ota.ts';

const MIN_LONG = { type: 'LONG', value: -(2n ** 63n) } as const;
const MAX_LONG = { type: 'LONG', value: 2n ** 63n - 1n } as const;

/** One or more records of every aggregate, with the awkward values (64-bit LONGs, JSON, bytes). */
async function populate(storage: Storage): Promise<void> {
  const device = await seedDevice(storage, { gateway: true });
  const profile = aProfile({ provisionKey: 'pk', provisionSecret: 'ps', payloadType: 'PROTOBUF' });
  const customer = aCustomer();
  await Promise.all([storage.profiles.save(profile), storage.customers.save(customer)]);
  const basic = aDevice(profile.id, { customerId: customer.id });
  await storage.devices.create(
    basic,
    credentialsFor(basic.id, '\u0000basic', {
      type: 'MQTT_BASIC',
      clientId: 'c1',
      userName: 'u1',
      password: null,
    }),
  );
  await storage.telemetry.save(device.id, [
    { key: 'l', ts: 1, value: MIN_LONG },
    { key: 'l', ts: 3, value: MAX_LONG },
    { key: 'd', ts: 2, value: { type: 'DOUBLE', value: 21.5 } },
    { key: 'j', ts: 2, value: { type: 'JSON', value: '{"a":[1,2]}' } },
  ]);
  await storage.telemetry.save(basic.id, [
    { key: 'b', ts: 9, value: { type: 'BOOLEAN', value: true } },
  ]);
  await storage.attributes.save(
    device.id,
    'CLIENT',
    [{ key: 'fw', value: { type: 'STRING', value: '1.0' } }],
    5,
  );
  await storage.attributes.save(device.id, 'SHARED', [{ key: 'target', value: MAX_LONG }], 6);
  await storage.attributes.save(
    basic.id,
    'SERVER',
    [{ key: 'active', value: { type: 'BOOLEAN', value: false } }],
    7,
  );
  await storage.rpc.save(
    anRpc(device.id, { status: 'DELIVERED', response: '{"ok":true}', additionalInfo: '{"x":1}' }),
  );
  await storage.rpc.save(anRpc(basic.id, { oneway: true, status: 'QUEUED' }));
  await storage.claims.save({
    deviceId: device.id,
    secretKey: 's3',
    expiresAt: 1_900_000_000_000,
    createdAt: 4,
  });
  const firmware = aPackage({ size: 3, checksum: 'aa' });
  const url = aPackage({
    type: 'SOFTWARE',
    url: 'https://example.com/sw.bin',
    checksumAlgorithm: null,
    checksum: null,
  });
  await storage.ota.create(firmware, new Uint8Array([0, 255, 7]));
  await storage.ota.create(url, null);
  await storage.ota.assign({ kind: 'device', id: device.id }, firmware.id, 10);
  await storage.ota.assign({ kind: 'profile', id: profile.id }, url.id, 11);
  storage.events.append(anEvent({ deviceId: device.id, deviceName: device.name }));
  storage.events.append(anEvent({ kind: 'auth_failed', topic: null }));
}

/** How many records of each aggregate a dump holds (so a dump that misses one fails). */
const counts = (s: StoredState) => ({
  profiles: s.profiles.length,
  customers: s.customers.length,
  devices: s.devices.length,
  attributes: s.attributes.length,
  telemetry: s.telemetry.map((t) => t.points.length),
  rpcs: s.rpcs.length,
  claims: s.claims.length,
  packages: s.ota.packages.length,
  assignments: s.ota.assignments.length,
  events: s.events.length,
});

/** Storage.clear and EventStore.put: what reset and snapshot restore are built on. */
export function stateContract(ctx: ContractContext): void {
  describe('clear, put and snapshot round trip', () => {
    it('clear removes every aggregate and frees every unique name, token and key', async () => {
      const { storage } = ctx;
      await populate(storage);
      const token = storage.devices
        .list()
        .items.map((d) => storage.devices.getCredentials(d.id))[0];
      await storage.clear();
      expect(counts(dumpStorage(storage))).toEqual({
        profiles: 0,
        customers: 0,
        devices: 0,
        attributes: 0,
        telemetry: [],
        rpcs: 0,
        claims: 0,
        packages: 0,
        assignments: 0,
        events: 0,
      });
      expect(storage.devices.findCredentials(token?.credentialsId ?? '')).toBeUndefined();
      expect(storage.profiles.getByProvisionKey('pk')).toBeUndefined();
      expect(storage.rpc.listPending()).toEqual([]);
      const again = aProfile({ provisionKey: 'pk' });
      await storage.profiles.save(again);
      const device = aDevice(again.id);
      await storage.devices.create(device, tokenFor(device.id, token?.credentialsId));
      expect(storage.devices.findCredentials(token?.credentialsId ?? '')?.deviceId).toBe(device.id);
      await storage.clear();
      await storage.clear();
      expect(storage.devices.list().total).toBe(0);
    });

    it('event ids keep increasing across clear; put keeps an id in order and refuses a taken one', async () => {
      const { events } = ctx.storage;
      const first = events.append(anEvent());
      await ctx.storage.clear();
      const second = events.append(anEvent());
      expect(second.id).toBeGreaterThan(first.id);
      events.put({ ...anEvent({ message: 'old' }), id: 1000 });
      events.put({ ...anEvent({ message: 'older' }), id: 900 });
      const third = events.append(anEvent());
      expect(third.id).toBe(1001);
      expect(events.list().map((e) => e.id)).toEqual([1001, 1000, 900, second.id]);
      expect(events.list({ afterId: 950 }).map((e) => e.message)).toEqual(['bad json', 'old']);
      let refused: unknown;
      try {
        events.put({ ...anEvent(), id: 900 });
      } catch (error) {
        refused = error;
      }
      expectStorageErrorCode(refused, 'CONFLICT');
    });

    it('a dump loaded back gives the same dump, for every aggregate', async () => {
      const { storage } = ctx;
      await populate(storage);
      const dumped = dumpStorage(storage);
      expect(counts(dumped)).toEqual({
        profiles: 2,
        customers: 1,
        devices: 2,
        attributes: 3,
        telemetry: [1, 1, 2, 1],
        rpcs: 2,
        claims: 1,
        packages: 2,
        assignments: 2,
        events: 2,
      });
      await storage.telemetry.save(dumped.devices[0]?.id ?? '', [
        { key: 'extra', ts: 1, value: MAX_LONG },
      ]);
      await loadStorage(storage, dumped);
      expect(dumpStorage(storage)).toEqual(dumped);
      const [firmware] = dumped.ota.packages;
      expect(storage.ota.readData(firmware?.id ?? '', 0, 3)).toEqual(new Uint8Array([0, 255, 7]));
      expect(storage.telemetry.latest(dumped.devices[0]?.id ?? '', ['l'])).toEqual([
        { key: 'l', ts: 3, value: MAX_LONG },
      ]);
    });
  });
}
