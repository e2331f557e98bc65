/**
 * Result types of the operator API's claiming and OTA methods, part of `OperatorResults`
 * (operator-api.ts). NOT part of the ThingsBoard device API.
 */
import type {
  ClaimRegistrationDto,
  ClaimResultDto,
  CustomerDto,
  ReclaimResultDto,
} from './operator-claim-dto.ts';
import type {
  OtaAssignmentDto,
  OtaDeviceStatusDto,
  OtaPackageDetailsDto,
  OtaPackageDto,
  OtaPackageTypeName,
  OtaTargetDto,
  OtaUploadProgressDto,
  OtaUploadStartDto,
} from './operator-ota-dto.ts';

/** `claim.*`, `customers.list` and `ota.*` results. */
export interface ClaimOtaResults {
  'claim.claim': ClaimResultDto;
  'claim.reclaim': ReclaimResultDto;
  'claim.registrations': ClaimRegistrationDto[];
  'customers.list': CustomerDto[];
  'ota.list': OtaPackageDto[];
  'ota.get': OtaPackageDetailsDto;
  'ota.delete': { packageId: string; deleted: true };
  'ota.assign': OtaAssignmentDto;
  'ota.unassign': { type: OtaPackageTypeName; target: OtaTargetDto; unassigned: boolean };
  'ota.status': OtaDeviceStatusDto[];
  /** A chunked upload starts (`size` given), or a URL package is stored at once (`url` given). */
  'ota.upload': OtaUploadStartDto | OtaPackageDto;
  'ota.upload.chunk': OtaUploadProgressDto;
  'ota.upload.finish': OtaPackageDto;
  'ota.upload.abort': { uploadId: string; aborted: true };
}
