import { beforeEach, describe, expect, it, vi } from 'vitest';

import { connectDeviceAs, deviceConnectStore, rememberDeviceName } from './device-connect.ts';

describe('connectDeviceAs', () => {
  beforeEach(() => {
    deviceConnectStore.setState({ last: null, names: {} });
  });

  it('connects, records the request for the connect form and names the token', () => {
    const session = { connect: vi.fn() };
    const options = {
      protocolVersion: 4 as const,
      credentials: { kind: 'token' as const, token: 'T1' },
    };
    connectDeviceAs(session, options, 'pump-7');
    connectDeviceAs(session, options, 'pump-7');
    expect(session.connect).toHaveBeenCalledTimes(2);
    expect(deviceConnectStore.getState().last).toEqual({ options, seq: 2 });
    expect(deviceConnectStore.getState().names).toEqual({ T1: 'pump-7' });
  });

  it('names a basic credential by its username and never names a provision session', () => {
    const session = { connect: vi.fn() };
    connectDeviceAs(
      session,
      {
        protocolVersion: 5,
        credentials: { kind: 'basic', clientId: 'c', username: 'u', password: 'p' },
      },
      'meter',
    );
    connectDeviceAs(session, { protocolVersion: 4, credentials: { kind: 'provision' } }, 'x');
    rememberDeviceName('T9', 'other');
    expect(deviceConnectStore.getState().names).toEqual({ u: 'meter', T9: 'other' });
  });
});
