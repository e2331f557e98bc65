import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, rawConnect, type Transport } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const TRANSPORTS: Transport[] = ['tcp', 'ws'];

describe.each(TRANSPORTS)('CONNECT over %s, MQTT 3.1.1 (spec §1.3, §1.4)', (transport) => {
  it('example 1: access token in the username, any client id and password → 0x00', async () => {
    const c = await connectDevice(broker, transport, 4, {
      username: 'T1',
      clientId: 'anything',
      password: 'x',
    });
    expect(broker.hub.sessions.isOnline(broker.hub.devices.get('thermo-1').id)).toBe(true);
    await c.end();
  });

  it('example 2: empty username + client id of a client-id-only credential → 0x00; unknown id → 0x04', async () => {
    const c = await connectDevice(broker, transport, 4, { clientId: 'pump-3' });
    expect(broker.hub.sessions.isOnline(broker.hub.devices.get('pump-3').id)).toBe(true);
    await c.end();
    const refused = rawConnect(broker, transport, 4, { clientId: 'ghost' });
    expect((await refused.result)?.code).toBe(4);
  });

  it('example 3: unknown token → 0x05; basic credentials with a wrong password → 0x05 (step 3 not tried)', async () => {
    expect((await rawConnect(broker, transport, 4, { username: 'nope' }).result)?.code).toBe(5);
    const wrong = rawConnect(broker, transport, 4, {
      clientId: 'probe-2-cid',
      username: 'probe2',
      password: 'wrong',
    });
    expect((await wrong.result)?.code).toBe(5);
    const right = await connectDevice(broker, transport, 4, {
      clientId: 'probe-2-cid',
      username: 'probe2',
      password: 's3cret',
    });
    await right.end();
  });

  it('records auth_failed events without a refused access token, only its start and length', async () => {
    await rawConnect(broker, transport, 4, { username: 'near-miss-token-4711' }).result;
    const events = await eventually(() => {
      const found = broker.hub.events
        .list({ kinds: ['auth_failed'] })
        .filter((e) => e.message.includes('"nea…" (20 characters)'));
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(events.every((e) => !e.message.includes('near-miss-token-4711'))).toBe(true);
  });

  it('records auth_failed events without the password, and a username sent with one masked too', async () => {
    await rawConnect(broker, transport, 4, {
      username: 'OldSecretToken-rotated',
      password: 'top-secret-pw',
    }).result;
    const events = await eventually(() => {
      const found = broker.hub.events
        .list({ kinds: ['auth_failed'] })
        .filter((e) => e.message.includes('username "Old…" (22 characters)'));
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(events.every((e) => !e.message.includes('top-secret-pw'))).toBe(true);
    const all = JSON.stringify(broker.hub.events.list({ limit: 1000 }));
    expect(all).not.toContain('OldSecretToken');
  });
});

describe.each(TRANSPORTS)('CONNECT over %s, MQTT 5 (spec §1.1)', (transport) => {
  it('example 4: empty client id + token → 0x00 with an assigned client identifier', async () => {
    const { client, result, connack } = rawConnect(broker, transport, 5, {
      username: 'T1',
      clientId: '',
    });
    expect(await result).toBeNull();
    const ack = connack() as {
      properties?: { assignedClientIdentifier?: string };
      sessionPresent: boolean;
    };
    expect(ack.properties?.assignedClientIdentifier).toMatch(/.+/);
    expect(ack.sessionPresent).toBe(false);
    client.end(true);
  });

  it('example 4: unknown token → 0x86; client id only, no match → 0x85; nothing → 0x87', async () => {
    expect((await rawConnect(broker, transport, 5, { username: 'nope' }).result)?.code).toBe(0x86);
    expect((await rawConnect(broker, transport, 5, { clientId: 'ghost' }).result)?.code).toBe(0x85);
    expect((await rawConnect(broker, transport, 5, { clientId: '' }).result)?.code).toBe(0x87);
  });
});

describe('sessions (spec §1.1, §13)', () => {
  it('session-present is always 0, even with clean session off', async () => {
    const { client, result, connack } = rawConnect(broker, 'tcp', 4, {
      username: 'T1',
      clientId: 'keep',
      clean: false,
    });
    expect(await result).toBeNull();
    client.end(true);
    const again = rawConnect(broker, 'tcp', 4, { username: 'T1', clientId: 'keep', clean: false });
    expect(await again.result).toBeNull();
    expect((again.connack() as { sessionPresent: boolean }).sessionPresent).toBe(false);
    expect((connack() as { sessionPresent: boolean }).sessionPresent).toBe(false);
    again.client.end(true);
  });

  it.each(MATRIX)(
    'example 33 (%s, v%i): a second connection of the same device closes the first',
    async (transport, version) => {
      const first = await connectDevice(broker, transport, version, {
        username: 'T1',
        clientId: `first-${transport}`,
      });
      const second = await connectDevice(broker, transport === 'tcp' ? 'ws' : 'tcp', version, {
        username: 'T1',
        clientId: `second-${transport}`,
      });
      await first.closed;
      if (version === 5) {
        const disconnect = first.packets.find((p) => p.cmd === 'disconnect') as
          { reasonCode?: number } | undefined;
        expect(disconnect?.reasonCode).toBe(0x8e);
      }
      expect(await second.publish('v1/devices/me/telemetry', '{"x":1}')).toBeDefined();
      expect(second.isClosed()).toBe(false);
      await second.end();
    },
  );
});

describe('provision-only session (spec §1.5)', () => {
  it('username "provision" connects without credentials; only /provision/response may be subscribed', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    expect(
      await c.subscribe({
        'v1/devices/me/attributes': { qos: 1 },
        '/provision/response': { qos: 1 },
      }),
    ).toEqual([0x80, 1]);
    await c.end();
  });

  it('a publish to another topic gets a PUBACK and then the connection closes', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { clientId: 'provision' });
    const ack = await c.publish('v1/devices/me/telemetry', '{"a":1}');
    expect(ack?.cmd).toBe('puback');
    await c.closed;
    expect(
      broker.hub.events
        .list({ kinds: ['unknown_topic'] })
        .some((e) => e.topic === 'v1/devices/me/telemetry' && e.clientId === 'provision'),
    ).toBe(true);
  });
});
