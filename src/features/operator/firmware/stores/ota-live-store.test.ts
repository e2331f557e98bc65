import { describe, expect, it, vi } from 'vitest';

import { OperatorClient } from '@/client/operator-client.ts';
import { FakeChannel } from '@/testing/fake-channel.ts';

import { liveKey, otaLiveFor } from './ota-live-store.ts';

const base = { deviceId: 'd1', deviceName: 'pump-7', type: 'FIRMWARE' };
const chunk = (n: number, packageId = 'p1') => ({
  ...base,
  change: 'chunk',
  packageId,
  requestId: 1,
  chunk: n,
  offset: n * 100,
  bytes: 100,
  fileSize: 250,
});

describe('otaLiveFor', () => {
  it('counts served chunks (a retried index once) and keeps the states, per device and type', async () => {
    const channel = new FakeChannel();
    const client = new OperatorClient(channel);
    const store = otaLiveFor(client);
    const send = (payload: object) => {
      channel.deliver('operator/v1/events/d1/ota', JSON.stringify(payload));
    };
    send({ ...base, change: 'assigned', packageId: 'p1', title: 't', version: '1', via: 'device' });
    send({ ...base, change: 'state', state: 'QUEUED', error: null, ts: 1 });
    for (const n of [0, 1, 1, 2]) send(chunk(n));
    send({ ...base, change: 'state', state: 'UPDATED', error: null, ts: 2 });

    await vi.waitFor(() => {
      expect(store.getState().byKey[liveKey('d1', 'FIRMWARE')]).toMatchObject({
        packageId: 'p1',
        chunksServed: 4,
        distinctChunks: 3,
        bytesServed: 300,
        fileSize: 250,
        states: [{ state: 'QUEUED' }, { state: 'UPDATED' }],
      });
    });

    send({
      ...base,
      change: 'assigned',
      packageId: 'p2',
      title: 't',
      version: '2',
      via: 'profile',
    });
    send(chunk(0, 'p2'));
    await vi.waitFor(() => {
      expect(store.getState().byKey[liveKey('d1', 'FIRMWARE')]).toMatchObject({
        packageId: 'p2',
        chunksServed: 1,
        states: [],
      });
    });
    expect(store.getState().byKey[liveKey('d1', 'SOFTWARE')]).toBeUndefined();
  });
});
