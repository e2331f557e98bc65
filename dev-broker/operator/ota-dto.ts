import type { OtaAssignmentDto } from '../../src/protocol/operator-ota-dto.ts';
import type { Hub } from '../platform/hub.ts';
import type { OtaAssignment } from '../storage/ota-store.ts';

/** OTA assignments → the operator API's DTOs (packages are stored as their DTO, storage/ota-store.ts). */

/** An assignment with its target's current name. */
export function otaAssignmentDto(hub: Hub, a: OtaAssignment): OtaAssignmentDto {
  const name =
    a.target.kind === 'device'
      ? (hub.devices.find(a.target.id)?.name ?? null)
      : (hub.profiles.list().find((p) => p.id === a.target.id)?.name ?? null);
  return {
    packageId: a.packageId,
    type: a.type,
    target: { kind: a.target.kind, id: a.target.id, name },
    assignedAt: a.assignedAt,
  };
}
