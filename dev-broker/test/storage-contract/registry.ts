import { describe, expect, it } from 'vitest';

import {
  aDevice,
  aProfile,
  anRpc,
  credentialsFor,
  expectStorageError,
  seedDevice,
  tokenFor,
  type ContractContext,
} from './fixtures.ts';

/** ProfileStore: save (create and replace), lookups by name and provision key, uniqueness, delete. */
export function profileContract(ctx: ContractContext): void {
  describe('profiles', () => {
    it('saves, gets, finds by name and provision key, lists by createdAt then id', async () => {
      const { profiles } = ctx.storage;
      const b = aProfile({ id: 'p-b', createdAt: 20, provisionKey: 'key-b', provisionSecret: 's' });
      const a = aProfile({
        id: 'p-a',
        createdAt: 20,
        isDefault: true,
        sendAckOnValidationException: true,
      });
      const c = aProfile({ id: 'p-c', createdAt: 10, provisionType: 'ALLOW_CREATE_NEW_DEVICES' });
      await Promise.all([profiles.save(b), profiles.save(a), profiles.save(c)]);
      expect(profiles.get('p-a')).toEqual(a);
      expect(profiles.get('nope')).toBeUndefined();
      expect(profiles.getByName(b.name)).toEqual(b);
      expect(profiles.getByName('nope')).toBeUndefined();
      expect(profiles.getByProvisionKey('key-b')).toEqual(b);
      expect(profiles.getByProvisionKey('key-x')).toBeUndefined();
      expect(profiles.list().map((p) => p.id)).toEqual(['p-c', 'p-a', 'p-b']);
    });

    it('replaces a profile saved again under the same id, moving its indexes', async () => {
      const { profiles } = ctx.storage;
      const first = aProfile({ provisionKey: 'old-key' });
      await profiles.save(first);
      const second = {
        ...first,
        name: 'Renamed',
        provisionKey: 'new-key',
        payloadType: 'PROTOBUF' as const,
        enableCompatibilityWithJsonPayloadFormat: true,
        // spec §2.3: the four schemas and the downlink switch are stored as given
        useJsonPayloadFormatForDefaultDownlinkTopics: true,
        deviceTelemetryProtoSchema: 'syntax = "proto3"; message T { int64 ts = 1; }',
        deviceAttributesProtoSchema: 'syntax = "proto3"; message A { string a = 1; }',
        deviceRpcRequestProtoSchema: 'syntax = "proto3"; message Q { string method = 1; }',
        deviceRpcResponseProtoSchema: 'syntax = "proto3"; message R { string payload = 1; }',
      };
      await profiles.save(second);
      expect(profiles.list()).toEqual([second]);
      expect(profiles.getByName(first.name)).toBeUndefined();
      expect(profiles.getByProvisionKey('old-key')).toBeUndefined();
      expect(profiles.getByProvisionKey('new-key')).toEqual(second);
    });

    it('rejects CONFLICT on a duplicate name or provision key and keeps the first', async () => {
      const { profiles } = ctx.storage;
      const first = aProfile({ name: 'Same', provisionKey: 'k1' });
      await profiles.save(first);
      await expectStorageError(
        profiles.save(aProfile({ id: 'dup-name', name: 'Same' })),
        'CONFLICT',
      );
      await expectStorageError(
        profiles.save(aProfile({ id: 'dup-key', provisionKey: 'k1' })),
        'CONFLICT',
      );
      expect(profiles.get('dup-name')).toBeUndefined();
      expect(profiles.get('dup-key')).toBeUndefined();
      expect(profiles.list()).toEqual([first]);
      // Profiles without a provision key do not collide with each other.
      await profiles.save(aProfile({ id: 'nokey-1' }));
      await profiles.save(aProfile({ id: 'nokey-2' }));
      expect(profiles.list()).toHaveLength(3);
    });

    it('deletes an unused profile; refuses one still used by a device', async () => {
      const { profiles } = ctx.storage;
      const device = await seedDevice(ctx.storage);
      const unused = aProfile({ provisionKey: 'gone' });
      await profiles.save(unused);
      await expect(profiles.delete(unused.id)).resolves.toBe(true);
      await expect(profiles.delete(unused.id)).resolves.toBe(false);
      expect(profiles.get(unused.id)).toBeUndefined();
      expect(profiles.getByName(unused.name)).toBeUndefined();
      expect(profiles.getByProvisionKey('gone')).toBeUndefined();
      await expectStorageError(profiles.delete(device.profileId), 'CONFLICT');
      expect(profiles.get(device.profileId)?.id).toBe(device.profileId);
    });
  });
}

/** DeviceStore: create with credentials, reads, paging, update, delete cascade, credentials. */
export function deviceContract(ctx: ContractContext): void {
  describe('devices', () => {
    it('creates a device with its credentials and reads it back every way', async () => {
      const { profiles, devices } = ctx.storage;
      const profile = aProfile();
      await profiles.save(profile);
      const device = aDevice(profile.id, {
        gateway: true,
        customerId: 'cust-1',
        type: 'thermostat',
      });
      const creds = credentialsFor(device.id, '\u0001basic\u0001c\u0001u', {
        type: 'MQTT_BASIC',
        clientId: 'c',
        userName: 'u',
        password: null,
      });
      const write = devices.create(device, creds);
      // Read-your-writes: visible before the write is durable.
      expect(devices.get(device.id)).toEqual(device);
      await write;
      expect(devices.getByName(device.name)).toEqual(device);
      expect(devices.getByName(device.name.toUpperCase())).toBeUndefined();
      expect(devices.getCredentials(device.id)).toEqual(creds);
      expect(devices.findCredentials(creds.credentialsId)).toEqual(creds);
      expect(devices.findCredentials('nope')).toBeUndefined();
      expect(devices.get('nope')).toBeUndefined();
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const { storage } = ctx;
      const device = await seedDevice(storage);
      await storage.telemetry.save(device.id, [
        { key: 't', ts: 1, value: { type: 'LONG', value: 1n } },
      ]);
      const got = storage.devices.get(device.id);
      if (got) got.name = 'mutated';
      const creds = storage.devices.getCredentials(device.id);
      if (creds) creds.credentials = { type: 'ACCESS_TOKEN', token: 'mutated' };
      const latest = storage.telemetry.latest(device.id)[0];
      if (latest) latest.value.value = 2n;
      expect(storage.devices.get(device.id)).toEqual(device);
      expect(storage.devices.getCredentials(device.id)?.credentials).not.toEqual(
        creds?.credentials,
      );
      expect(storage.telemetry.latest(device.id)[0]?.value).toEqual({ type: 'LONG', value: 1n });
    });

    it('rejects CONFLICT on a duplicate id, name or credentialsId and leaves nothing behind', async () => {
      const { devices } = ctx.storage;
      const first = await seedDevice(ctx.storage, { name: 'thermo-1' });
      const token = devices.getCredentials(first.id)?.credentialsId ?? 'missing';
      const sameName = aDevice(first.profileId, { name: 'thermo-1' });
      await expectStorageError(devices.create(sameName, tokenFor(sameName.id)), 'CONFLICT');
      const sameToken = aDevice(first.profileId);
      await expectStorageError(
        devices.create(sameToken, tokenFor(sameToken.id, token)),
        'CONFLICT',
      );
      const sameId = aDevice(first.profileId, { id: first.id });
      await expectStorageError(devices.create(sameId, tokenFor(first.id)), 'CONFLICT');
      expect(devices.get(sameName.id)).toBeUndefined();
      expect(devices.get(sameToken.id)).toBeUndefined();
      expect(devices.getByName(sameToken.name)).toBeUndefined();
      expect(devices.getCredentials(sameToken.id)).toBeUndefined();
      expect(devices.get(first.id)).toEqual(first);
      expect(devices.findCredentials(token)?.deviceId).toBe(first.id);
      expect(devices.list().total).toBe(1);
    });

    it('rejects NOT_FOUND for an unknown profile', async () => {
      const device = aDevice('no-such-profile');
      await expectStorageError(
        ctx.storage.devices.create(device, tokenFor(device.id)),
        'NOT_FOUND',
      );
      expect(ctx.storage.devices.get(device.id)).toBeUndefined();
      expect(ctx.storage.devices.getCredentials(device.id)).toBeUndefined();
    });

    it('lists by createdAt then id, with offset, limit and case-insensitive nameContains', async () => {
      const { profiles, devices } = ctx.storage;
      const profile = aProfile();
      await profiles.save(profile);
      const specs = [
        { id: 'd3', name: 'Pump-3', createdAt: 3 },
        { id: 'd1', name: 'thermo-1', createdAt: 1 },
        { id: 'd2b', name: 'THERMO-2', createdAt: 2 },
        { id: 'd2a', name: 'valve', createdAt: 2 },
        { id: 'd4', name: 'ÄPFEL-Ünit', createdAt: 4 },
      ];
      await Promise.all(specs.map((s) => devices.create(aDevice(profile.id, s), tokenFor(s.id))));
      const ids = (q?: Parameters<typeof devices.list>[0]): string[] =>
        devices.list(q).items.map((d) => d.id);
      expect(ids()).toEqual(['d1', 'd2a', 'd2b', 'd3', 'd4']);
      expect(devices.list().total).toBe(5);
      expect(ids({ offset: 1, limit: 2 })).toEqual(['d2a', 'd2b']);
      expect(devices.list({ offset: 3, limit: 3 })).toMatchObject({
        total: 5,
        items: [{ id: 'd3' }, { id: 'd4' }],
      });
      expect(devices.list({ offset: 9 })).toEqual({ items: [], total: 5 });
      expect(ids({ limit: 0 })).toEqual([]);
      expect(ids({ limit: -1 })).toEqual([]);
      expect(ids({ nameContains: 'äpfel-ü' })).toEqual(['d4']);
      const thermo = devices.list({ nameContains: 'ThErMo' });
      expect(thermo).toMatchObject({ total: 2, items: [{ id: 'd1' }, { id: 'd2b' }] });
      expect(devices.list({ nameContains: 'rmo', limit: 1, offset: 1 })).toMatchObject({
        total: 2,
        items: [{ id: 'd2b' }],
      });
      expect(devices.list({ nameContains: '%' }).total).toBe(0);
    });

    it('updates the updatable fields, keeps createdAt, and refuses a taken name', async () => {
      const { profiles, devices } = ctx.storage;
      const device = await seedDevice(ctx.storage, { name: 'a' });
      const other = await seedDevice(ctx.storage, { name: 'b' });
      const profile = aProfile();
      await profiles.save(profile);
      const changed = {
        ...device,
        name: 'a2',
        profileId: profile.id,
        type: 't',
        gateway: true,
        customerId: 'c9',
      };
      await devices.update({ ...changed, createdAt: 1 });
      expect(devices.get(device.id)).toEqual(changed);
      expect(devices.getByName('a')).toBeUndefined();
      expect(devices.getByName('a2')?.id).toBe(device.id);
      await expectStorageError(devices.update({ ...changed, name: 'b' }), 'CONFLICT');
      expect(devices.get(device.id)).toEqual(changed);
      expect(devices.getByName('b')).toEqual(other);
      await expectStorageError(devices.update({ ...changed, profileId: 'nope' }), 'NOT_FOUND');
      await expectStorageError(devices.update(aDevice(profile.id)), 'NOT_FOUND');
      expect(devices.get(device.id)).toEqual(changed);
    });

    it('replaces credentials and frees the old credentialsId', async () => {
      const { devices } = ctx.storage;
      const a = await seedDevice(ctx.storage);
      const b = await seedDevice(ctx.storage);
      const oldId = devices.getCredentials(a.id)?.credentialsId ?? 'missing';
      const x509 = credentialsFor(a.id, 'x509-sha', {
        type: 'X509_CERTIFICATE',
        certificate: 'PEM',
      });
      await devices.setCredentials(x509);
      expect(devices.getCredentials(a.id)).toEqual(x509);
      expect(devices.findCredentials('x509-sha')).toEqual(x509);
      expect(devices.findCredentials(oldId)).toBeUndefined();
      const taken = devices.getCredentials(b.id)?.credentialsId ?? 'missing';
      await expectStorageError(devices.setCredentials(tokenFor(a.id, taken)), 'CONFLICT');
      expect(devices.getCredentials(a.id)).toEqual(x509);
      expect(devices.findCredentials(taken)?.deviceId).toBe(b.id);
      await expectStorageError(devices.setCredentials(tokenFor('ghost')), 'NOT_FOUND');
      // The old id is free again for another device; saving the same id again is fine.
      await devices.setCredentials(tokenFor(b.id, oldId));
      await devices.setCredentials(tokenFor(b.id, oldId));
      expect(devices.findCredentials(oldId)?.deviceId).toBe(b.id);
    });

    it('deletes a device with its credentials, telemetry, attributes and RPCs', async () => {
      const { storage } = ctx;
      const doomed = await seedDevice(storage);
      const kept = await seedDevice(storage);
      const token = storage.devices.getCredentials(doomed.id)?.credentialsId ?? 'missing';
      for (const d of [doomed, kept]) {
        await storage.telemetry.save(d.id, [
          { key: 't', ts: 1, value: { type: 'LONG', value: 1n } },
        ]);
        await storage.attributes.save(
          d.id,
          'SHARED',
          [{ key: 'a', value: { type: 'BOOLEAN', value: true } }],
          1,
        );
        await storage.rpc.save(anRpc(d.id, { id: `rpc-of-${d.id}` }));
      }
      await expect(storage.devices.delete(doomed.id)).resolves.toBe(true);
      await expect(storage.devices.delete(doomed.id)).resolves.toBe(false);
      expect(storage.devices.get(doomed.id)).toBeUndefined();
      expect(storage.devices.getByName(doomed.name)).toBeUndefined();
      expect(storage.devices.getCredentials(doomed.id)).toBeUndefined();
      expect(storage.devices.findCredentials(token)).toBeUndefined();
      expect(storage.telemetry.keys(doomed.id)).toEqual([]);
      expect(storage.telemetry.latest(doomed.id)).toEqual([]);
      expect(storage.attributes.get(doomed.id, 'SHARED')).toEqual([]);
      expect(storage.rpc.get(`rpc-of-${doomed.id}`)).toBeUndefined();
      expect(storage.rpc.listByDevice(doomed.id)).toEqual([]);
      expect(storage.rpc.listPending().map((r) => r.deviceId)).toEqual([kept.id]);
      expect(storage.telemetry.keys(kept.id)).toEqual(['t']);
      expect(storage.attributes.get(kept.id, 'SHARED')).toHaveLength(1);
      // The name and token are free again.
      const again = aDevice(doomed.profileId, { name: doomed.name });
      await storage.devices.create(again, tokenFor(again.id, token));
      expect(storage.devices.findCredentials(token)?.deviceId).toBe(again.id);
      expect(storage.telemetry.keys(again.id)).toEqual([]);
    });
  });
}
