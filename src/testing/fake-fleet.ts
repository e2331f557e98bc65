// Test helper: a real OperatorClient over a FakePort that answers `devices.list` and `devices.get`
// the way the dev broker does (docs/operator-api.md "devices.list": offset, limit, nameContains,
// a page with total and hasNext), over a fleet of any size kept in memory.
import { OperatorClient } from '@/client/operator-client.ts';
import { FakePort } from '@/client/testing/fake-port.ts';
import type { DeviceDto, PageDto } from '@protocol/operator-dto.ts';
import {
  operatorEventTopic,
  operatorResponseTopic,
  parseOperatorRequestTopic,
} from '@protocol/operator-topics.ts';

export const fleetDeviceName = (i: number): string => `fleet-${String(i).padStart(5, '0')}`;

/** A fleet of `size` offline devices named fleet-00000…, and the requests it was asked. */
export interface FakeFleet {
  client: OperatorClient;
  devices: DeviceDto[];
  /** `devices.list` params in the order asked. */
  listCalls: { offset?: number; limit?: number; nameContains?: string }[];
  /** Opens or closes the device's session: its state changes and a session event is pushed. */
  setOnline(name: string, online: boolean, ts?: number): void;
}

function listPage(
  devices: readonly DeviceDto[],
  p: { offset?: number; limit?: number; nameContains?: string },
): PageDto<DeviceDto> {
  const needle = p.nameContains?.toLowerCase();
  const matching =
    needle === undefined ? devices : devices.filter((d) => d.name.toLowerCase().includes(needle));
  const offset = p.offset ?? 0;
  const limit = p.limit ?? 100;
  const items = matching.slice(offset, offset + limit);
  return {
    items,
    total: matching.length,
    offset,
    limit,
    hasNext: offset + items.length < matching.length,
  };
}

export function createFakeFleet(size: number): FakeFleet {
  const devices: DeviceDto[] = Array.from({ length: size }, (_, i) => ({
    id: `id-${String(i)}`,
    name: fleetDeviceName(i),
    type: 'default',
    profileId: 'p-default',
    profileName: 'default',
    gateway: false,
    customerId: null,
    createdAt: i,
    online: false,
    lastActivityTime: null,
  }));
  const listCalls: FakeFleet['listCalls'] = [];
  const port = new FakePort();
  port.respond = (publish, p) => {
    const requestId = parseOperatorRequestTopic(publish.topic);
    if (requestId === undefined) return;
    const { method, params } = JSON.parse(publish.text) as {
      method: string;
      params?: Record<string, unknown>;
    };
    let body: unknown;
    if (method === 'devices.list') {
      listCalls.push({ ...params });
      body = { result: listPage(devices, params ?? {}) };
    } else if (method === 'devices.get') {
      const found = devices.find((d) => d.id === params?.deviceId);
      body = found
        ? { result: found }
        : { error: { code: 'NOT_FOUND', message: 'device was not found' } };
    } else body = { error: { code: 'NOT_FOUND', message: `no method ${method} here` } };
    // answered after the call is pending, as a broker would
    queueMicrotask(() => {
      p.deliver(operatorResponseTopic(requestId), JSON.stringify(body));
    });
  };
  const client = new OperatorClient(port, { idPrefix: 'fleet' });
  return {
    client,
    devices,
    listCalls,
    setOnline(name, online, ts = Date.now()) {
      const index = devices.findIndex((d) => d.name === name);
      const device = devices[index];
      if (device === undefined) throw new Error(`no device ${name}`);
      devices[index] = { ...device, online, lastActivityTime: ts };
      const kind = online ? 'session_opened' : 'session_closed';
      port.deliver(
        operatorEventTopic(device.id, 'session'),
        JSON.stringify({ id: 1, ts, kind, deviceId: device.id, deviceName: name, clientId: name }),
      );
    },
  };
}
