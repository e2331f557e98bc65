import type { Hub } from '../platform/hub.ts';

import { resolveDevice } from './device-ref.ts';
import { attributeDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

/** attributes.*: the three scopes (spec §6); shared writes and deletions are pushed to the device. */
export function attributeMethods(
  hub: Hub,
): Pick<MethodHandlers, 'attributes.get' | 'attributes.save' | 'attributes.delete'> {
  return {
    'attributes.get': (p) =>
      hub.attributes.get(resolveDevice(hub, p).id, p.scope, p.keys).map(attributeDto),
    'attributes.save': async (p) => {
      const device = resolveDevice(hub, p);
      // typed as a device payload would be (spec §5)
      const entries = hub.attributes.toEntries(p.values);
      await hub.attributes.save(device.id, p.scope, entries);
      return { deviceId: device.id, scope: p.scope, keys: entries.map((e) => e.key) };
    },
    'attributes.delete': async (p) => {
      const device = resolveDevice(hub, p);
      const deleted = await hub.attributes.delete(device.id, p.scope, p.keys);
      return { deviceId: device.id, scope: p.scope, deleted };
    },
  };
}
