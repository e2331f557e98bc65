import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export const DEFAULT_OPERATOR = 'admin';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Operator accounts of the operator API (ADR 0004). Passwords are compared in constant time. */
export class OperatorAccounts {
  readonly #digests = new Map<string, Buffer>();

  constructor(accounts: Record<string, string>) {
    for (const [name, password] of Object.entries(accounts))
      this.#digests.set(name, digest(password));
  }

  verify(account: string, password: string | undefined): boolean {
    const expected = this.#digests.get(account);
    if (!expected || password === undefined) return false;
    return timingSafeEqual(expected, digest(password));
  }

  names(): string[] {
    return [...this.#digests.keys()];
  }
}

/** A random password of 24 URL-safe characters. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

/**
 * The admin password: given (config / IOTHUB_ADMIN_PASSWORD), else read from `file`, else generated and
 * stored there (mode 0600) on first start. With no file (in-memory storage) a fresh one is generated.
 */
export function resolveAdminPassword(
  given: string | undefined,
  file: string | null,
): { password: string; generated: boolean } {
  if (given) return { password: given, generated: false };
  if (file) {
    try {
      const stored = readFileSync(file, 'utf8').trim();
      if (stored) return { password: stored, generated: false };
    } catch {
      // first start: no file yet
    }
    const password = generatePassword();
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    return { password, generated: true };
  }
  return { password: generatePassword(), generated: true };
}
