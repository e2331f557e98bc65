import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { ensureDevice, faultDevice, markerRoundTrip } from './support/fault-client.ts';
import { connectOperator } from './support/operator-client.ts';
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

describe('session.close (ADR 0011)', () => {
  it('closes the open session now; MQTT 5 gets DISCONNECT 0x98 first', async () => {
    const c = await faultDevice(broker, 'sc-now', 'tcp', 5);
    const other = await faultDevice(broker, 'sc-other');
    const rule = broker.faults.add({ kind: 'session.close', device: 'sc-now', count: 1 });
    await c.closed;
    const disconnect = c.packets.find((p) => p.cmd === 'disconnect');
    expect(disconnect?.reasonCode).toBe(0x98);
    expect(injected('sc-now')).toEqual([
      `injected: session closed for sc-now (rule ${rule}, 0 left)`,
    ]);
    expect(broker.faults.list()).toEqual([]);
    await eventually(() => {
      const [closed] = broker.hub.events.list({ kinds: ['session_closed'] });
      expect(closed?.message).toBe(
        `connection closed: closed by fault injection rule ${rule} (session.close)`,
      );
    });
    await markerRoundTrip(other); // another device's session is untouched
    other.client.end(true);
  });

  it('until removed: closes every session that opens, right after its CONNACK', async () => {
    await ensureDevice(broker, 'sc-flap');
    const rule = broker.faults.add({ kind: 'session.close', device: 'sc-flap' });
    const first = await faultDevice(broker, 'sc-flap');
    await first.closed;
    const second = await faultDevice(broker, 'sc-flap');
    await second.closed;
    expect(broker.faults.get(rule)?.fired).toBe(2);
    broker.faults.remove(rule);
    const third = await faultDevice(broker, 'sc-flap');
    await markerRoundTrip(third);
    expect(third.isClosed()).toBe(false);
    third.client.end(true);
  });

  it('a rule for every device leaves operator sessions open', async () => {
    const operator = await connectOperator(broker);
    const device = await faultDevice(broker, 'sc-all');
    broker.faults.add({ kind: 'session.close' });
    await device.closed;
    const rules = await operator.ok('broker.info');
    expect(rules.version).toBeTruthy();
    expect(operator.isClosed()).toBe(false);
    broker.faults.clear();
    operator.client.end(true);
  });
});
