import { randomUUID } from 'node:crypto';

import {
  DEFAULT_CHECKSUM_ALGORITHM,
  checksum as computeChecksum,
  isChecksumAlgorithm,
  type ChecksumAlgorithm,
} from '../../src/protocol/checksum.ts';
import type { OtaPackageRecord, OtaPackageType } from '../storage/ota-store.ts';

import { invalid } from './errors.ts';

/** The largest package the broker accepts (the spec asks for at least 16 MiB). */
export const MAX_OTA_PACKAGE_BYTES = 256 * 1024 * 1024;

/** What an operator uploads: bytes, or a URL the device downloads from itself (spec §11). */
export interface OtaUploadInput {
  title: string;
  version: string;
  tag?: string | null;
  type: OtaPackageType;
  /** The package bytes; give exactly one of `data` and `url`. */
  data?: Uint8Array;
  url?: string;
  /** Default SHA256. */
  checksumAlgorithm?: string;
  /** Verified against the bytes when given (lowercase or uppercase hex). */
  checksum?: string;
  fileName?: string;
  contentType?: string;
}

const nonEmpty = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`${name} must be a non-empty string`);
  return value.trim();
};

function algorithmOf(input: OtaUploadInput): ChecksumAlgorithm {
  const name = input.checksumAlgorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
  if (!isChecksumAlgorithm(name))
    throw invalid(
      `unknown checksum algorithm ${name}; use MD5, SHA256, SHA384, SHA512, CRC32, MURMUR3_32 or MURMUR3_128`,
    );
  return name;
}

function givenChecksum(input: OtaUploadInput): string | undefined {
  if (input.checksum === undefined || input.checksum === '') return undefined;
  const hex = input.checksum.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) throw invalid('checksum must be hexadecimal');
  return hex;
}

function urlOf(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid(`url ${JSON.stringify(text)} is not an absolute URL`);
  }
}

/**
 * Validates an upload and builds the package record: computes the checksum of the bytes (a given
 * checksum must match it: INVALID_ARGUMENT otherwise); a URL package keeps a given checksum as is.
 */
export function buildPackage(input: OtaUploadInput, now: number): OtaPackageRecord {
  const title = nonEmpty(input.title, 'title');
  const version = nonEmpty(input.version, 'version');
  // callers such as the operator API pass what they were sent: check the type at run time too
  const type: string = input.type;
  if (type !== 'FIRMWARE' && type !== 'SOFTWARE')
    throw invalid('type must be FIRMWARE or SOFTWARE');
  const hasData = input.data !== undefined;
  if (hasData === (input.url !== undefined)) throw invalid('give exactly one of data and url');
  const tag =
    input.tag === undefined || input.tag === null || input.tag.trim() === ''
      ? null
      : input.tag.trim();
  const algorithm = algorithmOf(input);
  const given = givenChecksum(input);
  const base = {
    id: randomUUID(),
    title,
    version,
    tag,
    type: input.type,
    contentType: input.contentType ?? 'application/octet-stream',
    createdAt: now,
  };
  if (input.data) {
    if (input.data.length > MAX_OTA_PACKAGE_BYTES)
      throw invalid(`a package may hold at most ${MAX_OTA_PACKAGE_BYTES} bytes`);
    const sum = computeChecksum(input.data, algorithm);
    if (given !== undefined && given !== sum)
      throw invalid(`checksum mismatch: ${algorithm} of the data is ${sum}, not ${given}`);
    const fileName = input.fileName ?? `${title}-${version}.bin`;
    return {
      ...base,
      url: null,
      fileName,
      size: input.data.length,
      checksumAlgorithm: algorithm,
      checksum: sum,
    };
  }
  const text = (input.url ?? '').trim();
  const url = urlOf(text);
  const fileName = input.fileName ?? (url.pathname.split('/').pop() || `${title}-${version}`);
  return {
    ...base,
    url: text,
    fileName,
    size: 0,
    checksumAlgorithm: given === undefined ? null : algorithm,
    checksum: given ?? null,
  };
}
