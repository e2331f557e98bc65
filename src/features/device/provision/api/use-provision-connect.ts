import { connectDeviceAs } from '@/lib/device-connect.ts';
import { useSession } from '@/lib/session-context.tsx';

import type { ProvisionedCredentials } from './provision-request.ts';

/** Whether the console can connect with these credentials (X.509 needs TLS, a non-goal). */
export function canConnectWith(credentials: ProvisionedCredentials): boolean {
  return credentials.type !== 'X509_CERTIFICATE';
}

/**
 * Reconnects the app's session: as a provision-only client (spec §1.5), or as the device that was
 * just provisioned. Keeps the broker URL and MQTT version of the current connection.
 */
export function useProvisionConnect() {
  const session = useSession();
  const target = () => {
    const { brokerUrl, protocolVersion } = session.store.getState();
    return {
      ...(brokerUrl === null ? {} : { url: brokerUrl }),
      protocolVersion: protocolVersion ?? 4,
    };
  };
  return {
    connectForProvisioning: () => {
      session.connect({ ...target(), credentials: { kind: 'provision' } });
    },
    /** Connects as the new device; the connect form and the status then show it (by name when given). */
    connectAsDevice: (credentials: ProvisionedCredentials, deviceName: string | null) => {
      switch (credentials.type) {
        case 'ACCESS_TOKEN':
          connectDeviceAs(
            session,
            { ...target(), credentials: { kind: 'token', token: credentials.token } },
            deviceName,
          );
          return;
        case 'MQTT_BASIC':
          connectDeviceAs(
            session,
            {
              ...target(),
              credentials: {
                kind: 'basic',
                clientId: credentials.clientId,
                username: credentials.userName,
                password: credentials.password,
              },
            },
            deviceName,
          );
          return;
        case 'X509_CERTIFICATE':
          throw new Error(
            'X.509 certificates need a TLS connection, which the console does not open.',
          );
      }
    },
  };
}
