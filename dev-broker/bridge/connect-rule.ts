import { operatorAccountOf } from '../../src/protocol/operator-topics.ts';

/** The CONNECT fields a session is classified by. */
export interface ConnectIdentity {
  clientId: string;
  username: string | undefined;
}

/**
 * Which sessions go to the upstream hub (ADR 0008). Operator logins always stay local. With no
 * `onlyFor` every other session is bridged; otherwise only those whose username or client id
 * matches an entry: `prefix*` matches by prefix, anything else exactly (`provision` thus selects
 * provisioning sessions).
 */
export class ConnectRule {
  readonly #exact = new Set<string>();
  readonly #prefixes: string[] = [];

  constructor(readonly onlyFor: readonly string[] | undefined) {
    for (const entry of onlyFor ?? []) {
      if (entry.endsWith('*')) this.#prefixes.push(entry.slice(0, -1));
      else this.#exact.add(entry);
    }
  }

  /** `all` when every device session is bridged, `listed` with --upstream-only-for. */
  get scope(): 'all' | 'listed' {
    return this.onlyFor === undefined ? 'all' : 'listed';
  }

  bridges(id: ConnectIdentity): boolean {
    if (operatorAccountOf(id.username) !== undefined) return false;
    if (this.onlyFor === undefined) return true;
    const names = [id.username, id.clientId].filter(
      (n): n is string => n !== undefined && n !== '',
    );
    return names.some((n) => this.#exact.has(n) || this.#prefixes.some((p) => n.startsWith(p)));
  }
}

/** Splits `--upstream-only-for` ("a*,b, c"); an empty list is an error for the caller to report. */
export function parseOnlyFor(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
