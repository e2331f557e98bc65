/**
 * Why a device-side call failed: `TIMEOUT` (no answer in time), `CANCELLED` (the client was
 * disposed), `PUBLISH_FAILED` (could not be sent: not connected, connection lost), `REFUSED` (an MQTT 5
 * PUBACK failure code, e.g. 0x99 invalid payload, spec §4), `BAD_RESPONSE` (the answer could not be
 * read), and for firmware `OTA_ERROR` (the broker's text on `v2/fw/error`, spec §11), `OVERFLOW`,
 * `SIZE_MISMATCH`, `CHECKSUM_MISMATCH`.
 */
export type DeviceErrorCode =
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PUBLISH_FAILED'
  | 'REFUSED'
  | 'BAD_RESPONSE'
  | 'OTA_ERROR'
  | 'OVERFLOW'
  | 'SIZE_MISMATCH'
  | 'CHECKSUM_MISMATCH';

export class DeviceRequestError extends Error {
  override readonly name = 'DeviceRequestError';
  readonly code: DeviceErrorCode;
  /** The MQTT 5 PUBACK reason code of a `REFUSED` publish. */
  readonly reasonCode: number | undefined;

  constructor(
    code: DeviceErrorCode,
    message: string,
    options: { cause?: unknown; reasonCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = code;
    this.reasonCode = options.reasonCode;
  }
}
