import { useState } from 'react';

import { useConnectDraft } from '@/features/device/connection/stores/connect-draft-store.ts';
import { connectDeviceAs } from '@/lib/device-connect.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useSession } from '@/lib/session-context.tsx';
import { writeSearchParams } from '@/lib/url-state.ts';
import type { Credentials } from '@/session/mqtt-session.ts';
import type { CredentialsDto, DeviceDto } from '@protocol/operator-dto.ts';

/** The device-side credentials for a device's stored ones, or why the console cannot use them. */
export function simulationCredentials(credentials: CredentialsDto): Credentials | string {
  switch (credentials.type) {
    case 'ACCESS_TOKEN':
      return { kind: 'token', token: credentials.token };
    case 'MQTT_BASIC':
      return {
        kind: 'basic',
        clientId: credentials.clientId ?? '',
        username: credentials.userName ?? '',
        password: credentials.password ?? '',
      };
    case 'X509_CERTIFICATE':
      return 'it authenticates with an X.509 client certificate over TLS, which the console does not open';
  }
}

/**
 * "Simulate": one click on a device of the operator's list opens the split view (both roles) with
 * the device side connected as that device, with its credentials read through the operator API.
 */
export function useSimulateDevice() {
  const client = useOperator();
  const session = useSession();
  const [problem, setProblem] = useState<string | null>(null);

  const simulate = async (device: DeviceDto) => {
    setProblem(null);
    try {
      const stored = await client.request('devices.credentials.get', { deviceId: device.id });
      const credentials = simulationCredentials(stored);
      if (typeof credentials === 'string') {
        setProblem(`Cannot simulate ${device.name}: ${credentials}.`);
        return;
      }
      const draft = useConnectDraft.getState();
      writeSearchParams({ role: 'both', device: device.id });
      connectDeviceAs(
        session,
        { url: draft.url.trim(), protocolVersion: draft.protocolVersion, credentials },
        device.name,
      );
    } catch (error) {
      setProblem(`Cannot simulate ${device.name}: ${errorMessage(error)}`);
    }
  };
  return { simulate, problem };
}
