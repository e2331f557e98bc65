/** What the platform's console generates a provision key or secret from: lowercase letters and digits. */
export const CREDENTIAL_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** The platform's console generates keys and secrets of 20 characters. */
export const CREDENTIAL_LENGTH = 20;

// The largest multiple of the alphabet size that fits in a byte: bytes at or above it are drawn again,
// so every character is equally likely (no modulo bias).
const LIMIT = 256 - (256 % CREDENTIAL_ALPHABET.length);

/**
 * A random provision key or secret: `length` characters of {@link CREDENTIAL_ALPHABET}, drawn with
 * `crypto.getRandomValues`. `random` is injectable for tests.
 */
export function generateCredential(
  length = CREDENTIAL_LENGTH,
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => globalThis.crypto.getRandomValues(bytes),
): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte >= LIMIT) continue;
      out += CREDENTIAL_ALPHABET.charAt(byte % CREDENTIAL_ALPHABET.length);
      if (out.length === length) break;
    }
  }
  return out;
}
