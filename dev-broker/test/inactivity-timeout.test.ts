import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { KvEntry } from '../../src/protocol/kv.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { deviceInactivityTimeoutMs: 600_000 } } });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
const override = (ms: number): KvEntry[] => [
  { key: 'inactivityTimeout', value: { type: 'LONG', value: BigInt(ms) } },
];
const activeAttribute = (id: string) =>
  broker.hub.attributes.get(id, 'SERVER', ['active'])[0]?.value;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('device inactivity: the per-device inactivityTimeout server attribute (spec §13)', () => {
  it('a device whose override has passed turns inactive; one without an override stays active', async () => {
    const a = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    const b = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    const [thermo, other] = [idOf('thermo-1'), idOf('other-1')];
    expect(broker.hub.activity.isActive(thermo)).toBe(true);
    await broker.hub.attributes.save(thermo, 'SERVER', override(1));
    await pause(20);
    await broker.hub.activity.flush();
    expect(broker.hub.activity.isActive(thermo)).toBe(false);
    expect(activeAttribute(thermo)).toEqual({ type: 'BOOLEAN', value: false });
    expect(broker.hub.activity.isActive(other)).toBe(true);
    await a.end();
    await b.end();
  });

  it('deleting the override brings the setting back', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    const thermo = idOf('thermo-1');
    await broker.hub.attributes.save(thermo, 'SERVER', override(1));
    await broker.hub.attributes.delete(thermo, 'SERVER', ['inactivityTimeout']);
    await pause(20);
    await broker.hub.activity.flush();
    expect(broker.hub.activity.isActive(thermo)).toBe(true);
    await c.end();
  });

  it('an override stored before the broker (re)loads its state is known after reset()', async () => {
    const thermo = idOf('thermo-1');
    await broker.hub.attributes.save(thermo, 'SERVER', override(1));
    const snapshot = broker.snapshot();
    await broker.restore(snapshot);
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    const id = idOf('thermo-1');
    expect(broker.hub.activity.isActive(id)).toBe(true);
    await pause(20);
    await broker.hub.activity.flush();
    expect(broker.hub.activity.isActive(id)).toBe(false);
    await c.end();
  });
});
