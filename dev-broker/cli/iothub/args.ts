/** A mistake on the command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A value flag given last, without its value. */
const MISSING = Symbol('missing value');

/** Flags that take no value. Every other `--flag` takes the next argument (or `--flag=value`). */
const BOOLEAN_FLAGS = new Set([
  'json',
  'oneway',
  'persistent',
  'gateway',
  'no-gateway',
  'follow',
  'help',
  'online',
  'offline',
]);

/**
 * The command line, consumed piece by piece: each command takes the positionals and flags it knows,
 * then `done()` refuses anything left over, so a typo is an error instead of being ignored.
 */
export class Args {
  readonly #positionals: string[] = [];
  readonly #flags = new Map<string, string | true | typeof MISSING>();
  readonly #used = new Set<string>();
  #next = 0;

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? '';
      if (arg === '--') {
        this.#positionals.push(...argv.slice(i + 1));
        break;
      }
      if (arg === '-h') {
        this.#flags.set('help', true);
        continue;
      }
      if (!arg.startsWith('--') || arg.length === 2) {
        this.#positionals.push(arg);
        continue;
      }
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (BOOLEAN_FLAGS.has(name)) {
        if (eq !== -1) throw new UsageError(`--${name} takes no value`);
        this.#flags.set(name, true);
        continue;
      }
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      this.#flags.set(name, value ?? MISSING);
    }
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
    if (value === MISSING) throw new UsageError(`--${name} needs a value`);
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
