import { describe, expect, it, vi } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { provisionDevice } from './provision-device.ts';
import { emptyProvisionForm, encodeProvisionRequest } from './provision-request.ts';

const form = {
  ...emptyProvisionForm,
  deviceName: ' dev-1 ',
  provisionDeviceKey: 'key',
  provisionDeviceSecret: 'secret',
};

describe('provision request', () => {
  it('sends the seed example fields and a generated token when none is given', () => {
    expect(JSON.parse(encodeProvisionRequest(form))).toEqual({
      deviceName: 'dev-1',
      provisionDeviceKey: 'key',
      provisionDeviceSecret: 'secret',
      credentialsType: 'ACCESS_TOKEN',
    });
  });

  it('sends only the fields of the chosen credential type, and the gateway flag', () => {
    const basic = {
      ...form,
      credentialsType: 'MQTT_BASIC' as const,
      token: 'ignored',
      clientId: 'c',
      username: 'u',
      password: 'p',
      gateway: true,
    };
    expect(JSON.parse(encodeProvisionRequest(basic))).toMatchObject({
      clientId: 'c',
      username: 'u',
      password: 'p',
      gateway: true,
    });
    expect(encodeProvisionRequest(basic)).not.toContain('ignored');
    const x509 = { ...form, credentialsType: 'X509_CERTIFICATE' as const, certificate: ' MIIB… ' };
    expect(JSON.parse(encodeProvisionRequest(x509))).toMatchObject({ hash: 'MIIB…' });
  });

  it('publishes on the chosen topic and waits for /provision/response', async () => {
    const channel = new FakeChannel();
    channel.respond = (_publish, ch) => {
      queueMicrotask(() => {
        ch.deliver(
          '/provision/response',
          '{"status":"SUCCESS","credentialsType":"ACCESS_TOKEN","credentialsValue":"t"}',
        );
      });
    };
    const result = await provisionDevice(fakeDeviceSide(channel), {
      ...form,
      topic: 'provisionRequest',
    });
    expect(channel.subscribed).toEqual([{ '/provision/response': 1 }]);
    expect(channel.published[0]?.topic).toBe('/provision/request');
    expect(result.outcome).toEqual({
      status: 'SUCCESS',
      credentials: { type: 'ACCESS_TOKEN', token: 't' },
    });
  });

  it('says so when no response comes', async () => {
    const channel = new FakeChannel();
    await expect(provisionDevice(fakeDeviceSide(channel), form, 20)).rejects.toThrow(
      'No provisioning response within 0.02 s.',
    );
  });

  it('per connection: a provisioning request still waiting fails on a new connect()', async () => {
    const channel = new FakeChannel();
    const waiting = provisionDevice(fakeDeviceSide(channel), form, 5_000);
    await vi.waitFor(() => {
      expect(channel.published).toHaveLength(1);
    });
    channel.reconnectFresh();
    channel.deliver(
      '/provision/response',
      '{"status":"SUCCESS","credentialsType":"ACCESS_TOKEN","credentialsValue":"t"}',
    );
    await expect(waiting).rejects.toThrow(
      'The console connected anew before the provisioning response came.',
    );
  });
});
