/**
 * "Take the schemas from the device's profile" (both roles): the operator API says which device this session
 * is (`sessions.list` by client id), its profile, and that profile's four schemas (device-api.md §2.3).
 */
import type { OperatorClient } from '@/lib/operator-client.ts';
import type { ProfileSchemas } from '@/lib/protobuf-device.ts';

export interface ProfileSchemasFound {
  profileName: string;
  payloadType: 'JSON' | 'PROTOBUF';
  schemas: ProfileSchemas;
}

export async function schemasOfDeviceProfile(
  operator: Pick<OperatorClient, 'request'>,
  clientId: string,
): Promise<ProfileSchemasFound> {
  const sessions = await operator.request('sessions.list', { kind: 'device' });
  const mine = sessions.find((s) => s.clientId === clientId && s.deviceId !== null);
  const deviceId = mine?.deviceId ?? null;
  if (deviceId === null)
    throw new Error(
      'The broker has no device session with this client id: connect the device first.',
    );
  const device = await operator.request('devices.get', { deviceId });
  const profile = await operator.request('profiles.get', { profileId: device.profileId });
  return {
    profileName: profile.name,
    payloadType: profile.payloadType,
    schemas: {
      deviceTelemetryProtoSchema: profile.deviceTelemetryProtoSchema,
      deviceAttributesProtoSchema: profile.deviceAttributesProtoSchema,
      deviceRpcRequestProtoSchema: profile.deviceRpcRequestProtoSchema,
      deviceRpcResponseProtoSchema: profile.deviceRpcResponseProtoSchema,
    },
  };
}
