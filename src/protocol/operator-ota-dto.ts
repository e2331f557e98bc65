/**
 * OTA results of the operator API (docs/operator-api.md "OTA packages"). NOT part of the ThingsBoard
 * device API: they mirror the reference platform's OTA package REST API (spec §11), flattened for JSON.
 */
import type { ChecksumAlgorithm } from './checksum.ts';

export type OtaPackageTypeName = 'FIRMWARE' | 'SOFTWARE';

/** An OTA package. A URL package has `url` and no bytes (`size` 0); others are served in chunks. */
export interface OtaPackageDto {
  id: string;
  title: string;
  version: string;
  tag: string | null;
  type: OtaPackageTypeName;
  url: string | null;
  fileName: string;
  contentType: string;
  size: number;
  /** Null only for a URL package uploaded without a checksum. */
  checksumAlgorithm: ChecksumAlgorithm | null;
  /** Lowercase hex. */
  checksum: string | null;
  createdAt: number;
}

/** What a package is assigned to. */
export interface OtaTargetDto {
  kind: 'device' | 'profile';
  id: string;
  /** The device or profile name (null if it vanished meanwhile). */
  name: string | null;
}

export interface OtaAssignmentDto {
  packageId: string;
  type: OtaPackageTypeName;
  target: OtaTargetDto;
  assignedAt: number;
}

/** `ota.get`: the package and where it is assigned. */
export interface OtaPackageDetailsDto extends OtaPackageDto {
  assignments: OtaAssignmentDto[];
}

/** `ota.upload` with `size`: send `ceil(size / chunkSize)` chunks of `chunkSize` bytes (the last one shorter). */
export interface OtaUploadStartDto {
  uploadId: string;
  chunkSize: number;
  chunks: number;
  size: number;
  /** An upload without a call for this long is dropped. */
  idleTimeoutMs: number;
}

/** `ota.upload.chunk`: bytes and chunks received so far (each index counts once). */
export interface OtaUploadProgressDto {
  received: number;
  size: number;
  chunksReceived: number;
  chunks: number;
}

/** One device's progress for one package type, from its latest OTA telemetry (spec §11). */
export interface OtaProgressDto {
  /** The package the device gets now (own assignment, else its profile's), or null. */
  packageId: string | null;
  /** `fw_state` / `sw_state`: QUEUED and INITIATED from the broker, then what the device reports. */
  state: string | null;
  stateTs: number | null;
  /** `fw_error` / `sw_error`. */
  error: string | null;
  currentTitle: string | null;
  currentVersion: string | null;
  targetTitle: string | null;
  targetVersion: string | null;
  targetTs: number | null;
}

/** `ota.status`: firmware and software progress of one device. */
export interface OtaDeviceStatusDto {
  deviceId: string;
  deviceName: string;
  firmware: OtaProgressDto;
  software: OtaProgressDto;
}
