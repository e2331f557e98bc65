/**
 * Firmware and software OTA keys and the chunk-request payload (spec §11), shared by the broker and
 * the console. `kind` is the topic segment: `fw` for firmware, `sw` for software.
 */
import { fail, ok, type Result } from '../result.ts';
import type { OtaKind } from '../topics.ts';

/** Shared-attribute fields an assignment sets, without the `fw_`/`sw_` prefix (spec §11). */
export const OTA_ATTRIBUTE_FIELDS = [
  'title',
  'version',
  'size',
  'checksum_algorithm',
  'checksum',
  'tag',
  'url',
] as const;

export type OtaAttributeField = (typeof OTA_ATTRIBUTE_FIELDS)[number];

/** `fw_title`, `sw_checksum`, … */
export function otaAttributeKey(kind: OtaKind, field: OtaAttributeField): string {
  return `${kind}_${field}`;
}

/** Every shared-attribute key an assignment of this kind may set; unassigning deletes them all. */
export function otaAttributeKeys(kind: OtaKind): string[] {
  return OTA_ATTRIBUTE_FIELDS.map((field) => otaAttributeKey(kind, field));
}

/**
 * The OTA states written as telemetry: QUEUED and INITIATED by the broker on assignment, the rest
 * reported by the device (spec §11 "Device-reported state").
 */
export const OTA_STATES = [
  'QUEUED',
  'INITIATED',
  'DOWNLOADING',
  'DOWNLOADED',
  'VERIFIED',
  'UPDATING',
  'UPDATED',
  'FAILED',
] as const;

export type OtaState = (typeof OTA_STATES)[number];

/** The telemetry keys of one kind: `fw_state`, `fw_error`, `current_fw_title`, `target_fw_ts`, … */
export function otaTelemetryKeys(kind: OtaKind) {
  return {
    state: `${kind}_state`,
    error: `${kind}_error`,
    currentTitle: `current_${kind}_title`,
    currentVersion: `current_${kind}_version`,
    targetTitle: `target_${kind}_title`,
    targetVersion: `target_${kind}_version`,
    targetTs: `target_${kind}_ts`,
  } as const;
}

/**
 * Decodes the payload of a chunk request (spec §11): the chunk size as ASCII decimal digits. An empty
 * payload decodes as 0, which means "the size remembered for this request id". Anything else that is
 * not made of digits is an invalid payload (spec §4). Digits beyond the safe-integer range decode as
 * `Infinity`, which every chunk-size limit refuses.
 */
export function decodeChunkSize(text: string): Result<number> {
  if (!/^[0-9]*$/.test(text)) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return fail(
      'schema',
      `the chunk size must be decimal digits or empty, got ${JSON.stringify(shown)}`,
    );
  }
  if (text === '') return ok(0);
  const size = Number(text);
  return ok(Number.isSafeInteger(size) ? size : Number.POSITIVE_INFINITY);
}

/** The payload of a chunk request: the size in decimal, or empty for "the remembered size". */
export function encodeChunkSize(size?: number): string {
  return size === undefined || size <= 0 ? '' : String(Math.floor(size));
}
