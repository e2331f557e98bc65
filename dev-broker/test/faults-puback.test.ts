import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import {
  faultDevice,
  markerRoundTrip,
  publishTelemetry,
  puback,
  pubackIds,
} from './support/fault-client.ts';
import { MATRIX, type TestClient } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const latestValue = (device: string, key: string) =>
  broker.hub.telemetry.latest(broker.hub.devices.get(device).id).find((p) => p.key === key)?.value
    .value;
const injected = (device: string) =>
  broker.hub.events
    .list({ kinds: ['fault_injected'] })
    .filter((e) => e.deviceName === device)
    .map((e) => e.message)
    .reverse();

describe.each(MATRIX)('puback.drop over %s, MQTT v%i (ADR 0011)', (transport, version) => {
  const name = `pd-${transport}-${String(version)}`;
  let c: TestClient;
  beforeAll(async () => {
    c = await faultDevice(broker, name, transport, version);
  });
  afterAll(() => {
    c.client.end(true);
  });

  it('stores the publish but withholds its PUBACK, twice, then the rule is gone', async () => {
    const id = broker.faults.add({ kind: 'puback.drop', device: name, count: 2 });
    const first = await publishTelemetry(c, { dropped: 1 });
    const second = await publishTelemetry(c, { dropped: 2 });
    // the marker's PUBACK follows every earlier one (arrival order), so theirs would be here by now
    const marker = await markerRoundTrip(c);
    expect(pubackIds(c)).not.toContain(first);
    expect(pubackIds(c)).not.toContain(second);
    expect(pubackIds(c)).toContain(marker);
    expect(latestValue(name, 'dropped')).toBe(2n);
    expect(broker.faults.list().find((r) => r.id === id)).toBeUndefined();
    expect(injected(name)).toEqual([
      `injected: PUBACK dropped for ${name} (rule ${id}, 1 left)`,
      `injected: PUBACK dropped for ${name} (rule ${id}, 0 left)`,
    ]);
    expect(c.isClosed()).toBe(false);
  });
});

describe('puback.delay (ADR 0011)', () => {
  it('sends the PUBACK late, and later PUBACKs stay behind it', async () => {
    const name = 'pdelay-1';
    const c = await faultDevice(broker, name);
    broker.faults.add({ kind: 'puback.delay', device: name, ms: 300, count: 1 });
    const started = Date.now();
    const delayed = await publishTelemetry(c, { late: 1 });
    const marker = await markerRoundTrip(c);
    await puback(c, delayed);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(pubackIds(c)).toEqual([delayed, marker]);
    expect(latestValue(name, 'late')).toBe(1n);
    expect(broker.faults.list()).toEqual([]);
    c.client.end(true);
  });

  it('hits only the named device, until the rule is removed', async () => {
    const a = await faultDevice(broker, 'pscope-a');
    const b = await faultDevice(broker, 'pscope-b');
    const rule = broker.faults.add({ kind: 'puback.drop', device: 'pscope-a' });
    const fromB = await publishTelemetry(b, { ok: 1 });
    await puback(b, fromB);
    const fromA = await publishTelemetry(a, { lost: 1 });
    await markerRoundTrip(b);
    expect(pubackIds(a)).not.toContain(fromA);
    expect(broker.faults.get(rule)?.remaining).toBeNull();
    expect(broker.faults.get(rule)?.fired).toBe(1);
    expect(broker.faults.remove(rule)).toBe(true);
    await markerRoundTrip(a); // removed: PUBACKs flow again
    a.client.end(true);
    b.client.end(true);
  });
});
