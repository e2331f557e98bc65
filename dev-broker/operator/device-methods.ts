import type { OperatorParsedParams } from '../../src/protocol/operator-api.ts';
import type { DeviceDto, PageDto } from '../../src/protocol/operator-dto.ts';
import type { Hub } from '../platform/hub.ts';
import type { DeviceCredentials } from '../storage/storage.ts';

import { compact } from './compact.ts';
import { resolveDevice } from './device-ref.ts';
import { deviceDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

type CredentialsParam = OperatorParsedParams<'devices.credentials.set'>['credentials'];

/** devices.*: the device registry (reference: DeviceController). */
export function deviceMethods(
  hub: Hub,
): Pick<
  MethodHandlers,
  | 'devices.list'
  | 'devices.get'
  | 'devices.create'
  | 'devices.update'
  | 'devices.delete'
  | 'devices.credentials.get'
  | 'devices.credentials.set'
> {
  const view = (id: string) => deviceDto(hub.devices.view(hub.devices.get(id)));
  return {
    'devices.list': (p) => listDevices(hub, p),
    'devices.get': (p) => view(resolveDevice(hub, p).id),
    'devices.create': async (p) => {
      const credentials =
        p.token !== undefined
          ? { type: 'ACCESS_TOKEN' as const, token: p.token }
          : p.credentials && toCredentials(p.credentials);
      const created = await hub.devices.create(
        compact({
          name: p.name,
          profile: p.profile,
          type: p.type,
          gateway: p.gateway,
          credentials,
        }),
      );
      return { device: view(created.device.id), credentials: created.credentials };
    },
    'devices.update': async (p) => {
      const device = resolveDevice(hub, p);
      await hub.devices.update(
        device.id,
        compact({ name: p.name, profile: p.profile, type: p.type, gateway: p.gateway }),
      );
      return view(device.id);
    },
    'devices.delete': async (p) => {
      const device = resolveDevice(hub, p);
      await hub.devices.delete(device.id);
      return { deviceId: device.id, deleted: true };
    },
    'devices.credentials.get': (p) => hub.devices.getCredentials(resolveDevice(hub, p).id),
    'devices.credentials.set': async (p) => {
      const device = resolveDevice(hub, p);
      const credentials = toCredentials(p.credentials);
      await hub.devices.setCredentials(device.id, credentials);
      return credentials;
    },
  };
}

/**
 * Paging by the store; with an `online` or `profileId` filter the matching devices are filtered,
 * then paged.
 */
function listDevices(hub: Hub, p: OperatorParsedParams<'devices.list'>): PageDto<DeviceDto> {
  const nameContains =
    p.nameContains === undefined || p.nameContains === '' ? {} : { nameContains: p.nameContains };
  let items: DeviceDto[];
  let total: number;
  if (p.online === undefined && p.profileId === undefined) {
    const page = hub.devices.list({ ...nameContains, offset: p.offset, limit: p.limit });
    items = page.items.map(deviceDto);
    total = page.total;
  } else {
    const all = hub.devices
      .list({ ...nameContains, limit: Number.MAX_SAFE_INTEGER })
      .items.filter(
        (d) =>
          (p.online === undefined || d.online === p.online) &&
          (p.profileId === undefined || d.profileId === p.profileId),
      );
    items = all.slice(p.offset, p.offset + p.limit).map(deviceDto);
    total = all.length;
  }
  return {
    items,
    total,
    offset: p.offset,
    limit: p.limit,
    hasNext: p.offset + items.length < total,
  };
}

function toCredentials(c: CredentialsParam): DeviceCredentials {
  if (c.type === 'ACCESS_TOKEN') return c;
  // the service checks the combination (spec §1.3) and the reserved prefixes
  return {
    type: c.type,
    clientId: c.clientId ?? null,
    userName: c.userName ?? null,
    password: c.password ?? null,
  };
}
