import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import type { ProfileDto } from '@protocol/operator-dto.ts';

import { ProfileRow } from './profile-row.tsx';
import type { ProfileRowProps } from './profile-row.tsx';

export interface ProfilesTableProps extends Omit<ProfileRowProps, 'profile' | 'devices'> {
  profiles: readonly ProfileDto[];
  /** Devices per profile id, or null while unknown. */
  deviceCounts: ReadonlyMap<string, number> | null;
}

/** Every profile, one row each. */
export function ProfilesTable({ profiles, deviceCounts, ...actions }: ProfilesTableProps) {
  return (
    <ScrollRegion className="op-table-wrap" label="Provisioning profiles">
      <table className="data-table">
        <caption className="visually-hidden">Provisioning profiles</caption>
        <thead>
          <tr>
            <th scope="col">Name, devices</th>
            <th scope="col">Provisioning strategy</th>
            <th scope="col">Payload</th>
            <th scope="col">Provision key</th>
            <th scope="col">Provision secret</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((profile) => (
            <ProfileRow
              key={profile.id}
              profile={profile}
              devices={deviceCounts === null ? null : (deviceCounts.get(profile.id) ?? 0)}
              {...actions}
            />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
