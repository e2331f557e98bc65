import { describe, expect, it } from 'vitest';

import { OperatorClient } from '@/client/operator-client.ts';
import { FakeChannel } from '@/testing/fake-channel.ts';
import { operatorEventTopic } from '@protocol/operator-topics.ts';

import { registrationsFor } from './registrations-store.ts';

const claimEvent = (channel: FakeChannel, deviceId: string, payload: object) => {
  channel.deliver(
    operatorEventTopic(deviceId, 'claim'),
    JSON.stringify({ deviceId, deviceName: `name-${deviceId}`, ...payload }),
  );
};

describe('registrationsFor', () => {
  it('lists devices from registered events; a newer registration replaces the older one', () => {
    const channel = new FakeChannel();
    const store = registrationsFor(new OperatorClient(channel));
    claimEvent(channel, 'd1', { change: 'registered', expiresAt: 100 });
    claimEvent(channel, 'd2', { change: 'registered', expiresAt: 200 });
    claimEvent(channel, 'd1', { change: 'registered', expiresAt: 300 });
    expect(store.getState().waiting).toEqual([
      { deviceId: 'd2', deviceName: 'name-d2', expiresAt: 200 },
      { deviceId: 'd1', deviceName: 'name-d1', expiresAt: 300 },
    ]);
  });

  it('drops a device once a claim of any result used the registration; a reclaim changes nothing', () => {
    const channel = new FakeChannel();
    const store = registrationsFor(new OperatorClient(channel));
    claimEvent(channel, 'd1', { change: 'registered', expiresAt: 100 });
    claimEvent(channel, 'd2', { change: 'registered', expiresAt: 100 });
    claimEvent(channel, 'd1', {
      change: 'claimed',
      result: 'FAILURE',
      customerId: null,
      customerName: null,
    });
    claimEvent(channel, 'd2', { change: 'reclaimed', customerId: 'c1', customerName: 'Acme' });
    expect(store.getState().waiting.map((r) => r.deviceId)).toEqual(['d2']);
  });

  it('ignores other events', () => {
    const channel = new FakeChannel();
    const store = registrationsFor(new OperatorClient(channel));
    channel.deliver(operatorEventTopic('d1', 'rpc'), JSON.stringify({ deviceId: 'd1' }));
    expect(store.getState().waiting).toEqual([]);
  });
});
