import type { OtaAssignmentDto, OtaPackageDto } from '../../src/protocol/operator-ota-dto.ts';
import type { Hub } from '../platform/hub.ts';
import type { OtaAssignment, OtaPackageRecord } from '../storage/ota-store.ts';

/** OTA records → the operator API's DTOs (src/protocol/operator-ota-dto.ts). */

export const otaPackageDto = (p: OtaPackageRecord): OtaPackageDto => ({
  id: p.id,
  title: p.title,
  version: p.version,
  tag: p.tag,
  type: p.type,
  url: p.url,
  fileName: p.fileName,
  contentType: p.contentType,
  size: p.size,
  checksumAlgorithm: p.checksumAlgorithm,
  checksum: p.checksum,
  createdAt: p.createdAt,
});

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
