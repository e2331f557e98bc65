/**
 * Command-line parsing for both CLIs (`npm start` / `iothub-dev-broker` and `iothub`): node:util
 * `parseArgs` reads the tokens, this file turns mistakes into one {@link UsageError} in plain words.
 */
import { parseArgs } from 'node:util';

/** A mistake on the command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The flags a command line may hold: `string` flags take a value (`--f v` or `--f=v`). */
export type FlagSpec = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

export interface CommandLine {
  /** Given flags by name: the value, or `true` for a boolean flag. The last of a repeated flag wins. */
  flags: Map<string, string | true>;
  /** Arguments that are not flags, in order (everything after `--` too). */
  positionals: string[];
}

/** Reads `argv`; a UsageError for an unknown flag, a value flag without its value, a value on a switch. */
export function readCommandLine(argv: readonly string[], spec: FlagSpec): CommandLine {
  const { tokens } = parseArgs({
    args: [...argv],
    options: spec,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(spec, token.name) ? spec[token.name]?.type : undefined;
    if (type === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (type === 'boolean') {
      if (token.inlineValue === true) throw new UsageError(`${token.rawName} takes no value`);
      flags.set(token.name, true);
    } else {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      flags.set(token.name, token.value);
    }
  }
  return { flags, positionals };
}
