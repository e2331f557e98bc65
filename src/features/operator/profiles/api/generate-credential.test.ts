import { describe, expect, it } from 'vitest';

import {
  CREDENTIAL_ALPHABET,
  CREDENTIAL_LENGTH,
  generateCredential,
} from './generate-credential.ts';

describe('generateCredential', () => {
  it('makes 20 lowercase letters and digits by default', () => {
    for (let i = 0; i < 50; i++) expect(generateCredential()).toMatch(/^[a-z0-9]{20}$/);
    expect(CREDENTIAL_LENGTH).toBe(20);
  });

  it('honours another length', () => {
    expect(generateCredential(7)).toHaveLength(7);
    expect(generateCredential(64)).toMatch(/^[a-z0-9]{64}$/);
  });

  it('differs from call to call', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generateCredential()));
    expect(seen.size).toBe(100);
  });

  it('draws again for bytes that would bias the alphabet (252 to 255)', () => {
    const batches = [
      [255, 252, 0, 35, 36],
      [253, 1],
    ];
    let call = 0;
    const random = (bytes: Uint8Array) => {
      bytes.fill(254);
      bytes.set(batches[call++] ?? [2]);
      return bytes;
    };
    // 0 → a, 35 → 9, 36 → a (36 % 36), then the next batch: 1 → b
    expect(generateCredential(4, random)).toBe('a9ab');
    expect(call).toBe(2);
  });

  it('uses every character of the alphabet', () => {
    const used = new Set(generateCredential(5000));
    expect([...used].sort().join('')).toBe(CREDENTIAL_ALPHABET.split('').sort().join(''));
  });
});
