import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { OperatorClient } from '@/client/operator-client.ts';
import { FakePort } from '@/client/testing/fake-port.ts';
import type { DeviceDto, PageDto, TelemetryPointDto } from '@protocol/operator-dto.ts';
import { operatorEventTopic } from '@protocol/operator-topics.ts';

import { operatorKeys } from './operator-keys.ts';
import { installOperatorPushBridge } from './operator-push-bridge.ts';

const device = (id: string): DeviceDto => ({
  id,
  name: id,
  type: 'default',
  profileId: 'p',
  profileName: 'default',
  gateway: false,
  customerId: null,
  createdAt: 0,
  online: true,
  lastActivityTime: 1,
});

function setup() {
  const port = new FakePort();
  const client = new OperatorClient(port);
  const queryClient = new QueryClient();
  const list = operatorKeys.deviceList('');
  queryClient.setQueryData<PageDto<DeviceDto>>(list, {
    items: [device('d1'), device('d2')],
    total: 2,
    offset: 0,
    limit: 100,
    hasNext: false,
  });
  queryClient.setQueryData<TelemetryPointDto[]>(operatorKeys.latest('d1'), []);
  const stop = installOperatorPushBridge(client, queryClient);
  const telemetry = (deviceId: string, ts: number, values: Record<string, number>) => {
    const points = Object.entries(values).map(([key, value]) => ({
      key,
      value,
      ts,
      type: 'DOUBLE',
    }));
    port.deliver(
      operatorEventTopic(deviceId, 'telemetry'),
      JSON.stringify({ deviceId, deviceName: null, points }),
    );
  };
  const frame = () => vi.advanceTimersByTime(16);
  const activity = () =>
    queryClient.getQueryData<PageDto<DeviceDto>>(list)?.items.map((d) => d.lastActivityTime);
  return { queryClient, telemetry, frame, activity, stop, list };
}

describe('operator push bridge: telemetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("merges a frame's events into the device's latest values", () => {
    const { queryClient, telemetry, frame } = setup();
    telemetry('d1', 2_000_000, { temperature: 20, humidity: 40 });
    telemetry('d1', 2_000_100, { temperature: 21 });
    telemetry('d1', 1_999_000, { humidity: 39 }); // older than what is known: not the latest
    frame();
    expect(queryClient.getQueryData(operatorKeys.latest('d1'))).toEqual([
      { key: 'humidity', value: 40, ts: 2_000_000, type: 'DOUBLE' },
      { key: 'temperature', value: 21, ts: 2_000_100, type: 'DOUBLE' },
    ]);
  });

  it('patches the device list with activity at most once a second, the newest time of each device', () => {
    const { queryClient, telemetry, frame, activity, list } = setup();
    let changes = 0;
    queryClient.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.query.queryHash === JSON.stringify(list)) changes += 1;
    });
    telemetry('d1', 2_000_000, { rpm: 1 });
    frame();
    expect(activity()).toEqual([2_000_000, 1]);
    for (let i = 1; i <= 30; i += 1) {
      telemetry('d1', 2_000_000 + i, { rpm: i });
      telemetry('d2', 3_000_000 + i, { rpm: i });
      frame();
    }
    expect(changes).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(activity()).toEqual([2_000_030, 3_000_030]);
    expect(changes).toBe(2);
  });

  it('leaves online state to session events: a late activity patch does not bring a device back online', () => {
    const { queryClient, telemetry, frame, list } = setup();
    const offline = () =>
      queryClient.setQueryData<PageDto<DeviceDto>>(list, (page) =>
        page ? { ...page, items: page.items.map((d) => ({ ...d, online: false })) } : page,
      );
    telemetry('d1', 2_000_000, { rpm: 1 });
    frame();
    telemetry('d1', 2_000_001, { rpm: 2 }); // held until the second is over
    frame();
    offline(); // the session closed and the list was fetched again
    vi.advanceTimersByTime(1000);
    const d1 = queryClient.getQueryData<PageDto<DeviceDto>>(list)?.items[0];
    expect(d1).toMatchObject({ online: false, lastActivityTime: 2_000_001 });
  });
});
