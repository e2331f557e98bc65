import { readCommandLine, UsageError, type FlagSpec } from '../command-line.ts';

/** Every flag of every command (usage.ts): switches, and flags that take a value. */
export const IOTHUB_FLAGS: FlagSpec = {
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(
    ['json', 'oneway', 'persistent', 'gateway', 'no-gateway', 'follow', 'online', 'offline'].map(
      (name) => [name, { type: 'boolean' } as const],
    ),
  ),
  ...Object.fromEntries(
    (
      'url user password timeout name token profile type credentials offset limit keys start end ' +
      'agg interval order expiration retries info status customer secret title version alg tag ' +
      'checksum file-name content-type package-url device kind kinds count provision-type ' +
      'provision-key provision-secret payload-type ack-on-invalid json-compat json-downlink ' +
      'telemetry-proto attributes-proto rpc-request-proto rpc-response-proto code ms which'
    )
      .split(' ')
      .map((name) => [name, { type: 'string' } as const]),
  ),
};

/**
 * The command line, read by node:util `parseArgs` (command-line.ts) and consumed piece by piece: each
 * command takes the positionals and flags it knows, then `done()` refuses anything left over, so a
 * flag of another command is an error instead of being ignored.
 */
export class Args {
  readonly #positionals: string[];
  readonly #flags: Map<string, string | true>;
  readonly #used = new Set<string>();
  #next = 0;

  constructor(argv: readonly string[]) {
    const { flags, positionals } = readCommandLine(argv, IOTHUB_FLAGS);
    this.#flags = flags;
    this.#positionals = positionals;
  }

  /** The next positional argument; a UsageError naming `label` when there is none. */
  pos(label: string): string {
    const value = this.optPos();
    if (value === undefined) throw new UsageError(`missing ${label}`);
    return value;
  }

  optPos(): string | undefined {
    return this.#positionals[this.#next++];
  }

  /** Peeks at the next positional without taking it. */
  peek(): string | undefined {
    return this.#positionals[this.#next];
  }

  flag(name: string): string | undefined {
    this.#used.add(name);
    const value = this.#flags.get(name);
    return value === true ? undefined : value;
  }

  bool(name: string): boolean {
    this.#used.add(name);
    return this.#flags.get(name) === true;
  }

  /** An integer flag; a UsageError when it is not one. */
  int(name: string): number | undefined {
    const raw = this.flag(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
    return Number(raw);
  }

  /** Refuses flags no one asked for and positionals no one took. */
  done(): void {
    const unknown = [...this.#flags.keys()].filter((f) => !this.#used.has(f));
    if (unknown.length > 0)
      throw new UsageError(`unknown option ${unknown.map((f) => `--${f}`).join(', ')}`);
    const extra = this.#positionals.slice(this.#next);
    if (extra.length > 0)
      throw new UsageError(`unexpected argument ${extra.map((e) => `"${e}"`).join(', ')}`);
  }
}
