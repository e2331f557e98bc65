/** Pure helpers for uploading a package file: names, sizes, base64 chunks. */

/** "pump-fw-1.2.0.bin" → { title: "pump-fw", version: "1.2.0" }; null when no version shows. */
export function guessTitleAndVersion(fileName: string): { title: string; version: string } | null {
  const base = fileName.replace(/(\.[a-z][a-z0-9]{0,4})+$/i, '');
  const match = /^(.+?)[-_ ]v?(\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.]+)?)$/.exec(base);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return { title: match[1], version: match[2] };
}

/** Standard padded base64 of `bytes` (what `ota.upload.chunk` takes). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/** Bytes `[index × chunkSize, (index + 1) × chunkSize)` of `bytes` (the last chunk shorter). */
export function chunkOf(bytes: Uint8Array, index: number, chunkSize: number): Uint8Array {
  return bytes.subarray(index * chunkSize, Math.min(bytes.length, (index + 1) * chunkSize));
}

/** "1.00 MiB", "512.0 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${String(n)} bytes`;
}

/** The first 12 hex digits of a checksum, with an ellipsis when cut. */
export function shortChecksum(checksum: string): string {
  return checksum.length > 12 ? `${checksum.slice(0, 12)}…` : checksum;
}
