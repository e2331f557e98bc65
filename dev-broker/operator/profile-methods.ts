import { HubError, invalid } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';
import type { ProfileRecord } from '../storage/storage.ts';

import { compact } from './compact.ts';
import { resolveProfile } from './device-ref.ts';
import type { MethodHandlers } from './method-types.ts';

/** profiles.*: device profiles with their provisioning settings (reference: DeviceProfileController). */
export function profileMethods(
  hub: Hub,
): Pick<
  MethodHandlers,
  'profiles.list' | 'profiles.get' | 'profiles.create' | 'profiles.update' | 'profiles.delete'
> {
  return {
    'profiles.list': () => hub.profiles.list(),
    'profiles.get': (p) => resolveProfile(hub, p),
    'profiles.create': (p) => hub.profiles.create(compact(p)),
    'profiles.update': async (p) => {
      const current = resolveProfile(hub, p);
      const { profileId: _id, profileName: _name, ...fields } = p;
      const patch = compact(fields);
      checkUpdate(current, patch);
      return hub.profiles.update(current.id, patch);
    },
    'profiles.delete': async (p) => {
      const profile = resolveProfile(hub, p);
      await hub.profiles.delete(profile.id);
      return { profileId: profile.id, deleted: true };
    },
  };
}

/** The default profile keeps its name (devices fall back to it); provisioning needs key and secret. */
function checkUpdate(current: ProfileRecord, patch: Partial<ProfileRecord>): void {
  if (current.isDefault && patch.name !== undefined && patch.name !== current.name) {
    throw new HubError('FAILED_PRECONDITION', `the default profile cannot be renamed`);
  }
  const next = { ...current, ...patch };
  if (next.provisionType !== 'DISABLED' && (!next.provisionKey || !next.provisionSecret)) {
    throw invalid(`provisionType ${next.provisionType} needs a provisionKey and a provisionSecret`);
  }
}
