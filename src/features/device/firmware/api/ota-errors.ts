import type { OtaKind } from '@/protocol/topics.ts';

/** What the broker's error topic said (spec §11 errors), in plain words. */
export class OtaDownloadError extends Error {
  override readonly name = 'OtaDownloadError';
  constructor(
    message: string,
    /** The broker's code (`NOT_FOUND`, `PAYLOAD_TOO_LARGE`, `FAILURE`), or `TIMEOUT`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The broker's OTA error text in plain words, with what to do about it. */
export function describeOtaError(code: string, kind: OtaKind, chunkSize: number): string {
  const what = kind === 'fw' ? 'firmware' : 'software';
  switch (code) {
    case 'NOT_FOUND':
      return `No ${what} package is assigned to this device or its profile (NOT_FOUND). Assign one on the platform first.`;
    case 'PAYLOAD_TOO_LARGE':
      return `The chunk size ${chunkSize} is larger than the broker allows (PAYLOAD_TOO_LARGE; by default 65536 bytes). Choose a smaller chunk size.`;
    case 'FAILURE':
      return `The broker has no bytes for this ${what} package (FAILURE): it is a URL package, download it from its URL instead. (The operator's Faults tab can also inject this error on purpose.)`;
    default:
      return `The broker refused the ${what} download: ${code}.`;
  }
}
