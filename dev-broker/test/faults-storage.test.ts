import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import {
  faultDevice,
  markerRoundTrip,
  publishTelemetry,
  pubackIds,
} from './support/fault-client.ts';
import { MATRIX } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const latest = (device: string, key: string) =>
  broker.hub.telemetry.latest(broker.hub.devices.get(device).id).find((p) => p.key === key)?.value
    .value;

describe.each(MATRIX)('storage.fail over %s, MQTT v%i (ADR 0011)', (transport, version) => {
  const name = `sf-${transport}-${String(version)}`;

  it('fails the next write as a storage failure does: nothing stored, no PUBACK, closed (spec §4)', async () => {
    const c = await faultDevice(broker, name, transport, version);
    await markerRoundTrip(c);
    const rule = broker.faults.add({ kind: 'storage.fail', device: name, count: 1 });
    const id = await publishTelemetry(c, { failed: 1 });
    await c.closed;
    expect(pubackIds(c)).not.toContain(id);
    if (version === 5) expect(c.packets.find((p) => p.cmd === 'disconnect')?.reasonCode).toBe(0x80);
    expect(latest(name, 'failed')).toBeUndefined();
    const [event] = broker.hub.events
      .list({ kinds: ['storage_error'] })
      .filter((e) => e.deviceName === name);
    expect(event?.message).toBe(
      `could not store the message: injected storage failure (fault injection rule ${rule})`,
    );
    expect(broker.faults.list()).toEqual([]);
    // the rule is spent: the device reconnects and stores again
    const again = await faultDevice(broker, name, transport, version);
    await markerRoundTrip(again);
    expect(latest(name, 'marker')).toBe(true);
    again.client.end(true);
  });
});
