import type { ConfigFileInput } from '../../config/config-file.ts';

/** The fixtures of the spec's worked examples (spec "Worked examples"). */
export const SPEC_CONFIG: ConfigFileInput = {
  profiles: [
    {
      name: 'fleet',
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: 'pk-fleet',
      provisionSecret: 'ps-fleet',
    },
    {
      name: 'factory',
      provisionType: 'CHECK_PRE_PROVISIONED_DEVICES',
      provisionKey: 'pk-factory',
      provisionSecret: 'ps-factory',
    },
    { name: 'lenient', sendAckOnValidationException: true },
  ],
  devices: [
    { name: 'thermo-1', credentials: { type: 'ACCESS_TOKEN', token: 'T1' } },
    { name: 'pump-3', credentials: { type: 'MQTT_BASIC', clientId: 'pump-3' } },
    {
      name: 'probe-2',
      credentials: {
        type: 'MQTT_BASIC',
        clientId: 'probe-2-cid',
        userName: 'probe2',
        password: 's3cret',
      },
    },
    { name: 'gw-1', gateway: true, credentials: { type: 'ACCESS_TOKEN', token: 'GW1' } },
    { name: 'line-7', profile: 'factory', credentials: { type: 'ACCESS_TOKEN', token: 'L7' } },
    { name: 'lenient-1', profile: 'lenient', credentials: { type: 'ACCESS_TOKEN', token: 'LEN1' } },
    { name: 'other-1', credentials: { type: 'ACCESS_TOKEN', token: 'O1' } },
  ],
};
