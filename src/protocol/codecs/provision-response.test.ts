import { describe, expect, it } from 'vitest';

import { decodeProvisionResponse } from './provision-response.ts';

describe('provision response (device side)', () => {
  it('reads every response of spec §10', () => {
    expect(
      decodeProvisionResponse(
        '{"status":"SUCCESS","credentialsType":"ACCESS_TOKEN","credentialsValue":"tok"}',
      ),
    ).toEqual({
      status: 'SUCCESS',
      credentials: { type: 'ACCESS_TOKEN', token: 'tok' },
    });
    expect(
      decodeProvisionResponse(
        '{"status":"SUCCESS","credentialsType":"MQTT_BASIC","credentialsValue":{"clientId":"c","userName":"u","password":""}}',
      ),
    ).toEqual({
      status: 'SUCCESS',
      credentials: { type: 'MQTT_BASIC', clientId: 'c', userName: 'u', password: '' },
    });
    expect(
      decodeProvisionResponse('{"status":"NOT_FOUND","errorMsg":"Provision data was not found!"}'),
    ).toEqual({
      status: 'NOT_FOUND',
      errorMsg: 'Provision data was not found!',
    });
    expect(
      decodeProvisionResponse('{"status":"FAILURE","errorMsg":"Failed to provision device!"}')
        .status,
    ).toBe('FAILURE');
    expect(decodeProvisionResponse('nope').status).toBe('UNREADABLE');
    expect(decodeProvisionResponse('{"status":"SUCCESS","credentialsType":"OTHER"}').status).toBe(
      'UNREADABLE',
    );
  });
});
