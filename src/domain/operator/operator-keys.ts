import type { Scope } from '@protocol/operator-dto.ts';

/**
 * Query keys of the operator role (style.md habit 5): one factory, shared by the features'
 * `queryOptions` and the push bridge, so a pushed event lands exactly where the query keeps it.
 */
export const operatorKeys = {
  all: ['operator'] as const,
  devices: () => [...operatorKeys.all, 'devices'] as const,
  deviceList: (search: string) => [...operatorKeys.devices(), 'list', search] as const,
  /** The device list paged as the user scrolls (an infinite query: `InfiniteData<PageDto>`). */
  devicePages: (search: string) => [...operatorKeys.devices(), 'pages', search] as const,
  /** Devices offered by name in a form (a server-side search). */
  deviceChoices: (nameContains: string) =>
    [...operatorKeys.devices(), 'choices', nameContains] as const,
  /** The profiles' device counts. */
  profileDeviceCounts: () => [...operatorKeys.devices(), 'profile-count'] as const,
  /** How many devices a profile has (a one-device page of `devices.list` by `profileId`). */
  profileDeviceCount: (profileId: string) =>
    [...operatorKeys.profileDeviceCounts(), profileId] as const,
  /** One device (`devices.get`), under `devices()` so pushes and list invalidations reach it. */
  deviceInfo: (deviceId: string) => [...operatorKeys.devices(), 'one', deviceId] as const,
  device: (deviceId: string) => [...operatorKeys.all, 'device', deviceId] as const,
  credentials: (deviceId: string) => [...operatorKeys.device(deviceId), 'credentials'] as const,
  latest: (deviceId: string) => [...operatorKeys.device(deviceId), 'latest'] as const,
  history: (deviceId: string, params: object) =>
    [...operatorKeys.device(deviceId), 'history', params] as const,
  attributes: (deviceId: string, scope: Scope) =>
    [...operatorKeys.device(deviceId), 'attributes', scope] as const,
  gatewayChildren: () => [...operatorKeys.all, 'gateway-children'] as const,
  sessions: (deviceId: string) => [...operatorKeys.device(deviceId), 'sessions'] as const,
  events: (deviceId: string) => [...operatorKeys.device(deviceId), 'events'] as const,
  rpcs: (deviceId: string) => [...operatorKeys.device(deviceId), 'rpcs'] as const,
  pendingClientRpc: () => [...operatorKeys.all, 'client-rpc', 'pending'] as const,
  rules: () => [...operatorKeys.all, 'client-rpc', 'rules'] as const,
  profiles: () => [...operatorKeys.all, 'profiles'] as const,
  customers: () => [...operatorKeys.all, 'customers'] as const,
  claimRegistrations: () => [...operatorKeys.all, 'claim-registrations'] as const,
  otaPackages: () => [...operatorKeys.all, 'ota', 'packages'] as const,
  otaStatus: () => [...operatorKeys.all, 'ota', 'status'] as const,
  faults: () => [...operatorKeys.all, 'faults'] as const,
};
