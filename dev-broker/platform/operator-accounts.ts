import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

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

/** Shortest operator password accepted from the config or the environment. */
export const MIN_PASSWORD_LENGTH = 8;

/** Where the admin password came from: given (option / IOTHUB_ADMIN_PASSWORD), config, data dir, or new. */
export type AdminPasswordSource = 'option' | 'config' | 'file' | 'generated';

/**
 * The admin password: given (option / IOTHUB_ADMIN_PASSWORD, else config), else read from `file`, else
 * generated and stored there (mode 0600) on first start. With no file (in-memory storage) a fresh one
 * is generated. A given password shorter than `MIN_PASSWORD_LENGTH` is refused by the caller.
 */
export function resolveAdminPassword(
  given: { password: string; source: 'option' | 'config' } | undefined,
  file: string | null,
): { password: string; generated: boolean; source: AdminPasswordSource } {
  if (given) return { password: given.password, generated: false, source: given.source };
  if (file) {
    try {
      const stored = readFileSync(file, 'utf8').trim();
      chmodSync(file, 0o600); // a file written by hand (or by an older version) is narrowed too
      if (stored) return { password: stored, generated: false, source: 'file' };
    } catch {
      // first start: no file yet
    }
    const password = generatePassword();
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    return { password, generated: true, source: 'generated' };
  }
  return { password: generatePassword(), generated: true, source: 'generated' };
}
