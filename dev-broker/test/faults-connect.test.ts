import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { faultDevice } from './support/fault-client.ts';
import { MATRIX, rawConnect } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const injected = (device: string) =>
  broker.hub.events
    .list({ kinds: ['fault_injected'] })
    .filter((e) => e.deviceName === device)
    .map((e) => e.message);

describe.each(MATRIX)('connect.refuse over %s, MQTT v%i (ADR 0011)', (transport, version) => {
  const name = `cr-${transport}-${String(version)}`;

  it('refuses the next CONNECT with the chosen code, then lets the device in', async () => {
    (await faultDevice(broker, name, transport, version)).client.end(true);
    const code = version === 5 ? 0x8a : 3;
    const rule = broker.faults.add({ kind: 'connect.refuse', device: name, count: 1, code });
    const refused = rawConnect(broker, transport, version, { username: `TOK-${name}` });
    expect((await refused.result)?.code).toBe(code);
    expect(broker.hub.sessions.forDevice(broker.hub.devices.get(name).id)).toEqual([]);
    const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
    expect(injected(name)).toEqual([
      `injected: CONNECT refused with CONNACK ${hex} for ${name} (rule ${rule}, 0 left)`,
    ]);
    expect(broker.faults.get(rule)).toBeUndefined();
    const again = await faultDevice(broker, name, transport, version);
    expect(again.isClosed()).toBe(false);
    again.client.end(true);
  });
});

describe('connect.refuse codes (ADR 0011)', () => {
  it('gives a 3.1.1 client the matching return code for an MQTT 5 reason code', async () => {
    (await faultDevice(broker, 'cr-map')).client.end(true);
    broker.faults.add({ kind: 'connect.refuse', device: 'cr-map', count: 2, code: 0x87 });
    expect((await rawConnect(broker, 'tcp', 4, { username: 'TOK-cr-map' }).result)?.code).toBe(5);
    expect((await rawConnect(broker, 'tcp', 5, { username: 'TOK-cr-map' }).result)?.code).toBe(
      0x87,
    );
  });

  it('refuses only devices whose credentials pass; wrong tokens keep their own refusal', async () => {
    const rule = broker.faults.add({ kind: 'connect.refuse', code: 0x88 });
    expect((await rawConnect(broker, 'tcp', 5, { username: 'nope' }).result)?.code).toBe(0x86);
    expect(broker.faults.get(rule)?.fired).toBe(0);
    expect((await rawConnect(broker, 'tcp', 5, { username: 'T1' }).result)?.code).toBe(0x88);
    await eventually(() => expect(broker.faults.get(rule)?.fired).toBe(1));
    broker.faults.clear();
  });

  it('rejects codes that are no CONNACK refusal', () => {
    expect(() => broker.faults.add({ kind: 'connect.refuse', code: 0 })).toThrow(/code must be/);
    expect(() => broker.faults.add({ kind: 'connect.refuse', code: 6 })).toThrow(/code must be/);
    expect(() => broker.faults.add({ kind: 'connect.refuse', device: 'ghost', code: 5 })).toThrow(
      /device ghost was not found/,
    );
  });
});
