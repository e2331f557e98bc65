import type { Packet } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type Transport, type Version } from './support/mqtt-client.ts';
import { sleep, startTestBroker } from './support/test-broker.ts';

const CLAIM = 'v1/devices/me/claim';
const DAY = 86_400_000;

let broker: DevBroker;
let strict: DevBroker;
beforeAll(async () => {
  [broker, strict] = await Promise.all([
    startTestBroker(),
    startTestBroker({ config: { settings: { claim: { allowByDefault: false } } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([broker.close(), strict.close()]);
});

let seq = 0;
/** A fresh device with an access token, so that every test starts unclaimed. */
async function newDevice(
  b: DevBroker,
  prefix: string,
): Promise<{ name: string; token: string; id: string }> {
  const name = `${prefix}-${String(++seq)}`;
  const token = `TOK-${name}`;
  const { device } = await b.hub.devices.create({
    name,
    credentials: { type: 'ACCESS_TOKEN', token },
  });
  return { name, token, id: device.id };
}

/** Connects with the token, publishes the claim payload at QoS 1, and returns the PUBACK. */
async function registerOver(
  b: DevBroker,
  token: string,
  payload: string,
  transport: Transport = 'tcp',
  version: Version = 4,
): Promise<Packet | undefined> {
  const c = await connectDevice(b, transport, version, { username: token });
  const ack = await c.publish(CLAIM, payload);
  await c.end();
  return ack;
}

const reasonOf = (ack: Packet | undefined): number | undefined =>
  (ack as { reasonCode?: number } | undefined)?.reasonCode;
const lifetime = (b: DevBroker, name: string): number | undefined => {
  const r = b.hub.claims.registration(name);
  return r && r.expiresAt - r.createdAt;
};
const ownerName = (b: DevBroker, name: string): string | null => {
  const customerId = b.hub.devices.get(name).customerId;
  return customerId === null ? null : (b.hub.claims.findCustomer(customerId)?.name ?? '?');
};
const droppedEvents = (b: DevBroker, id: string) =>
  b.hub.events.list({ deviceId: id, kinds: ['dropped'] });

describe('example 22 (spec worked examples), exactly: thermo-1, MQTT 3.1.1, QoS 1', () => {
  it('register abc → SUCCESS, then CLAIMED; on another device xyz → FAILURE, then abc → FAILURE', async () => {
    const ack = await registerOver(broker, 'T1', '{"secretKey":"abc","durationMs":60000}');
    expect(ack?.cmd).toBe('puback');
    expect(lifetime(broker, 'thermo-1')).toBe(60_000);
    await expect(broker.hub.claims.claim('thermo-1', 'abc', 'Customer 22')).resolves.toBe(
      'SUCCESS',
    );
    expect(ownerName(broker, 'thermo-1')).toBe('Customer 22');
    expect(broker.hub.claims.registration('thermo-1')).toBeUndefined();
    await expect(broker.hub.claims.claim('thermo-1', 'abc', 'Customer 22')).resolves.toBe(
      'CLAIMED',
    );
    expect(ownerName(broker, 'thermo-1')).toBe('Customer 22');

    expect((await registerOver(broker, 'O1', '{"secretKey":"abc"}'))?.cmd).toBe('puback');
    await expect(broker.hub.claims.claim('other-1', 'xyz', 'Customer 22')).resolves.toBe('FAILURE');
    await expect(broker.hub.claims.claim('other-1', 'abc', 'Customer 22')).resolves.toBe('FAILURE');
    expect(ownerName(broker, 'other-1')).toBeNull();
  });
});

describe.each(MATRIX)(
  'device-side registration over %s, MQTT v%i (spec §9)',
  (transport, version) => {
    it('is acknowledged (v5 reason 0) once stored, and the operator claim then succeeds', async () => {
      const d = await newDevice(broker, `reg-${transport}${String(version)}`);
      const ack = await registerOver(
        broker,
        d.token,
        '{"secretKey":"abc","durationMs":60000}',
        transport,
        version,
      );
      expect(ack?.cmd).toBe('puback');
      expect(reasonOf(ack) ?? 0).toBe(0);
      expect(broker.hub.claims.registration(d.name)).toMatchObject({ secretKey: 'abc' });
      expect(lifetime(broker, d.name)).toBe(60_000);
      await expect(broker.hub.claims.claim(d.name, 'abc', `Cust ${transport}`)).resolves.toBe(
        'SUCCESS',
      );
      expect(ownerName(broker, d.name)).toBe(`Cust ${transport}`);
    });

    it.each([
      '[1]',
      '"abc"',
      '42',
      'null',
      '{"secretKey":1}',
      '{"secretKey":null}',
      '{"durationMs":"60000"}',
      '{"durationMs":true}',
      '{"secretKey":}',
    ])(
      'invalid payload %s: 3.1.1 closed without PUBACK, v5 PUBACK 0x99 and open; nothing registered; event',
      async (payload) => {
        const d = await newDevice(broker, 'bad');
        const c = await connectDevice(broker, transport, version, { username: d.token });
        const outcome = await c.publish(CLAIM, payload).then(
          () => 'acked' as const,
          (e: unknown) => (e as { code?: number }).code ?? 'closed',
        );
        if (version === 5) {
          expect(outcome).toBe(0x99);
          expect(c.isClosed()).toBe(false);
          await c.end();
        } else {
          expect(outcome).toBe('closed');
          await c.closed;
          expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
        }
        expect(broker.hub.claims.registration(d.name)).toBeUndefined();
        const event = broker.hub.events.list({ deviceId: d.id, kinds: ['invalid_payload'] })[0];
        expect(event?.topic).toBe(CLAIM);
        expect(event?.message).toContain(d.name);
      },
    );
  },
);

describe('registration defaults and refusals (spec §9)', () => {
  it.each(['', '{}', '{"durationMs":0}', '{"durationMs":-5}', '  '])(
    'payload %j → secretKey "" and claim.defaultDurationMs',
    async (payload) => {
      const d = await newDevice(broker, 'def');
      expect((await registerOver(broker, d.token, payload))?.cmd).toBe('puback');
      expect(broker.hub.claims.registration(d.name)?.secretKey).toBe('');
      expect(lifetime(broker, d.name)).toBe(DAY);
      // both secrets empty match: a missing operator secret claims it
      await expect(broker.hub.claims.claim(d.name, undefined, 'Defaults')).resolves.toBe('SUCCESS');
    },
  );

  it('a configured claim.defaultDurationMs is the default', async () => {
    const b = await startTestBroker({
      config: { settings: { claim: { defaultDurationMs: 3_600_000 } } },
    });
    try {
      await registerOver(b, 'T1', '{"durationMs":0}');
      expect(lifetime(b, 'thermo-1')).toBe(3_600_000);
    } finally {
      await b.close();
    }
  });

  it('first registration wins while unexpired: the second is acknowledged, ignored, and makes an event', async () => {
    const d = await newDevice(broker, 'first');
    await registerOver(broker, d.token, '{"secretKey":"first","durationMs":60000}');
    const before = broker.hub.claims.registration(d.name);
    expect(
      (await registerOver(broker, d.token, '{"secretKey":"second","durationMs":120000}'))?.cmd,
    ).toBe('puback');
    expect(broker.hub.claims.registration(d.name)).toEqual(before);
    expect(droppedEvents(broker, d.id)[0]?.message).toMatch(/first registration wins/);
    await expect(broker.hub.claims.claim(d.name, 'second', 'C')).resolves.toBe('FAILURE');
  });

  it('an expired registration counts as absent (§14.16) and fails an operator claim', async () => {
    const d = await newDevice(broker, 'exp');
    await registerOver(broker, d.token, '{"secretKey":"old","durationMs":1}');
    await sleep(20);
    await registerOver(broker, d.token, '{"secretKey":"new","durationMs":1}');
    expect(broker.hub.claims.registration(d.name)?.secretKey).toBe('new');
    expect(droppedEvents(broker, d.id)).toEqual([]);
    await sleep(20);
    await expect(broker.hub.claims.claim(d.name, 'new', 'Late')).resolves.toBe('FAILURE');
    expect(broker.hub.claims.registration(d.name)).toBeUndefined();
    expect(ownerName(broker, d.name)).toBeNull();
  });

  it('a device that already has a customer is not registered ("already claimed" event)', async () => {
    const d = await newDevice(broker, 'owned');
    await registerOver(broker, d.token, '{"secretKey":"k"}');
    await broker.hub.claims.claim(d.name, 'k', 'Owner');
    expect((await registerOver(broker, d.token, '{"secretKey":"k2"}'))?.cmd).toBe('puback');
    expect(broker.hub.claims.registration(d.name)).toBeUndefined();
    expect(droppedEvents(broker, d.id)[0]?.message).toContain('already claimed');
  });
});

describe('operator claim: every row of the spec §9 table (row 2 also in claim-service.test.ts)', () => {
  it('row 1: SUCCESS assigns the customer (created by name, reused after) and removes the registration and claimingAllowed', async () => {
    const [a, b] = [await newDevice(broker, 'row1'), await newDevice(broker, 'row1')];
    await broker.hub.attributes.save(
      a.id,
      'SERVER',
      broker.hub.attributes.toEntries({ claimingAllowed: true, keep: 1 }),
    );
    for (const d of [a, b]) await registerOver(broker, d.token, '{"secretKey":"s"}');
    await expect(broker.hub.claims.claim(a.name, 's', 'Row One')).resolves.toBe('SUCCESS');
    await expect(broker.hub.claims.claim(b.name, 's', 'Row One')).resolves.toBe('SUCCESS');
    expect(broker.hub.devices.get(a.name).customerId).toBe(
      broker.hub.devices.get(b.name).customerId,
    );
    expect(broker.hub.claims.listCustomers().filter((c) => c.name === 'Row One')).toHaveLength(1);
    expect(broker.hub.claims.registration(a.name)).toBeUndefined();
    expect(
      broker.hub.attributes.get(a.id, 'SERVER', ['claimingAllowed', 'keep']).map((e) => e.key),
    ).toEqual(['keep']);
  });

  it('row 2 cannot be reached over MQTT (an owned device cannot register); a claimed device answers CLAIMED (row 5)', async () => {
    const d = await newDevice(broker, 'row2');
    await registerOver(broker, d.token, '{"secretKey":"s"}');
    await expect(broker.hub.claims.claim(d.name, 's', 'First')).resolves.toBe('SUCCESS');
    await expect(broker.hub.claims.claim(d.name, 's', 'Second')).resolves.toBe('CLAIMED');
    expect(ownerName(broker, d.name)).toBe('First');
    expect(broker.hub.claims.findCustomer('Second')).toBeUndefined();
  });

  it('row 3: an expired registration or a wrong secret → FAILURE, registration removed, nothing assigned', async () => {
    const d = await newDevice(broker, 'row3');
    await registerOver(broker, d.token, '{"secretKey":"s","durationMs":60000}');
    await expect(broker.hub.claims.claim(d.name, 'S', 'Row Three')).resolves.toBe('FAILURE');
    expect(broker.hub.claims.registration(d.name)).toBeUndefined();
    expect(ownerName(broker, d.name)).toBeNull();
    expect(broker.hub.claims.findCustomer('Row Three')).toBeUndefined();
  });

  it('rows 4 and 5: no registration → FAILURE without an owner, CLAIMED with one; no side effects', async () => {
    const d = await newDevice(broker, 'row45');
    await expect(broker.hub.claims.claim(d.name, 'any', 'Row Four')).resolves.toBe('FAILURE');
    expect(broker.hub.claims.findCustomer('Row Four')).toBeUndefined();
    await registerOver(broker, d.token, '{}');
    await broker.hub.claims.claim(d.name, '', 'Row Five');
    await expect(broker.hub.claims.claim(d.name, '', 'Someone Else')).resolves.toBe('CLAIMED');
    expect(ownerName(broker, d.name)).toBe('Row Five');
  });

  it('an unknown device is a NOT_FOUND error for claim and reclaim, not a result', async () => {
    await expect(broker.hub.claims.claim('no-such-device', 'x', 'C')).rejects.toMatchObject({
      name: 'HubError',
      code: 'NOT_FOUND',
    });
    await expect(broker.hub.claims.reclaim('no-such-device')).rejects.toMatchObject({
      name: 'HubError',
      code: 'NOT_FOUND',
    });
  });
});

describe('reclaim (spec §9)', () => {
  it('releases the customer; the device can register and be claimed again; claimingAllowed untouched by default', async () => {
    const d = await newDevice(broker, 'reclaim');
    await registerOver(broker, d.token, '{"secretKey":"k"}');
    await broker.hub.claims.claim(d.name, 'k', 'Before');
    const before = broker.hub.claims.findCustomer('Before');
    await expect(broker.hub.claims.reclaim(d.name)).resolves.toEqual({
      released: true,
      customerId: before?.id,
      customerName: 'Before',
    });
    expect(broker.hub.devices.get(d.name).customerId).toBeNull();
    expect(broker.hub.attributes.get(d.id, 'SERVER', ['claimingAllowed'])).toEqual([]);
    await expect(broker.hub.claims.reclaim(d.name)).resolves.toEqual({ released: false });
    await registerOver(broker, d.token, '{"secretKey":"k"}');
    await expect(broker.hub.claims.claim(d.name, 'k', 'After')).resolves.toBe('SUCCESS');
    expect(ownerName(broker, d.name)).toBe('After');
  });
});

describe('claim.allowByDefault = false (spec §9)', () => {
  it('registers only while the server attribute claimingAllowed is true; SUCCESS removes it, reclaim sets it again', async () => {
    const d = await newDevice(strict, 'strict');
    expect((await registerOver(strict, d.token, '{"secretKey":"k"}'))?.cmd).toBe('puback');
    expect(strict.hub.claims.registration(d.name)).toBeUndefined();
    expect(droppedEvents(strict, d.id)[0]?.message).toContain('claimingAllowed');
    await strict.hub.attributes.save(
      d.id,
      'SERVER',
      strict.hub.attributes.toEntries({ claimingAllowed: false }),
    );
    await registerOver(strict, d.token, '{"secretKey":"k"}');
    expect(strict.hub.claims.registration(d.name)).toBeUndefined();
    expect(droppedEvents(strict, d.id)).toHaveLength(2);

    await strict.hub.attributes.save(
      d.id,
      'SERVER',
      strict.hub.attributes.toEntries({ claimingAllowed: true }),
    );
    await registerOver(strict, d.token, '{"secretKey":"k"}');
    expect(strict.hub.claims.registration(d.name)?.secretKey).toBe('k');
    await expect(strict.hub.claims.claim(d.name, 'k', 'Strict Co')).resolves.toBe('SUCCESS');
    expect(strict.hub.attributes.get(d.id, 'SERVER', ['claimingAllowed'])).toEqual([]);

    await strict.hub.claims.reclaim(d.name);
    expect(strict.hub.attributes.get(d.id, 'SERVER', ['claimingAllowed'])[0]?.value).toEqual({
      type: 'BOOLEAN',
      value: true,
    });
    await registerOver(strict, d.token, '{"secretKey":"again"}');
    expect(strict.hub.claims.registration(d.name)?.secretKey).toBe('again');
  });
});

describe.each(MATRIX)('gateway claim over %s, MQTT v%i (spec §12, §9)', (transport, version) => {
  const suffix = `${transport}${String(version)}`;

  it('{"A":{"secretKey":"v","durationMs":60000}} and {"B":{}} register per sub-device; one PUBACK', async () => {
    const [A, B] = [`Claim A ${suffix}`, `Claim B ${suffix}`];
    const gw = await connectDevice(broker, transport, version, { username: 'GW1' });
    const ack = await gw.publish(
      'v1/gateway/claim',
      JSON.stringify({ [A]: { secretKey: 'v', durationMs: 60000 } }),
    );
    expect(ack?.cmd).toBe('puback');
    expect(reasonOf(ack) ?? 0).toBe(0);
    expect(broker.hub.claims.registration(A)?.secretKey).toBe('v');
    expect(lifetime(broker, A)).toBe(60_000);
    expect(broker.hub.sessions.isOnline(broker.hub.devices.get(A).id)).toBe(true);
    await gw.publish('v1/gateway/claim', JSON.stringify({ [B]: {} }));
    expect(broker.hub.claims.registration(B)?.secretKey).toBe('');
    expect(lifetime(broker, B)).toBe(DAY);
    await expect(broker.hub.claims.claim(A, 'v', `Gw ${suffix}`)).resolves.toBe('SUCCESS');
    await expect(broker.hub.claims.claim(B, undefined, `Gw ${suffix}`)).resolves.toBe('SUCCESS');
    // a claimed sub-device is not registered again; the refusal names it and the gateway topic
    await gw.publish('v1/gateway/claim', JSON.stringify({ [A]: { secretKey: 'again' } }));
    expect(broker.hub.claims.registration(A)).toBeUndefined();
    expect(droppedEvents(broker, broker.hub.devices.get(A).id)[0]).toMatchObject({
      topic: 'v1/gateway/claim',
    });
    await gw.end();
  });

  it.each(['{"A":{"secretKey":5}}', '{"A":{"durationMs":"1"}}', '{"A":"x"}', '[{"A":{}}]'])(
    'invalid gateway claim %s: 3.1.1 closed without PUBACK, v5 PUBACK 0x99; nothing registered',
    async (payload) => {
      const gw = await connectDevice(broker, transport, version, { username: 'GW1' });
      const outcome = await gw.publish('v1/gateway/claim', payload).then(
        () => 'acked' as const,
        (e: unknown) => (e as { code?: number }).code ?? 'closed',
      );
      expect(outcome).toBe(version === 5 ? 0x99 : 'closed');
      if (version === 5) await gw.end();
      else await gw.closed;
      expect(broker.hub.devices.find('A')).toBeUndefined();
    },
  );
});
