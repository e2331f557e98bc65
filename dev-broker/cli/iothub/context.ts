import type {
  OperatorMethod,
  OperatorParams,
  OperatorResult,
} from '../../../src/protocol/operator-api.ts';

import { UsageError, type Args } from './args.ts';

/** What a command gets: its arguments, the API, and output that honours `--json`. */
export interface CommandContext {
  args: Args;
  call<M extends OperatorMethod>(method: M, params: OperatorParams<M>): Promise<OperatorResult<M>>;
  /** Prints `value` as JSON with `--json`, else as `readable(value)`. */
  print<T>(value: T, readable: (value: T) => string): void;
  /** Writes one line as it comes (followed events). */
  line(text: string): void;
  /**
   * A progress line on stderr: rewritten in place on a terminal; elsewhere only the `done` line is
   * written, so logs get one line.
   */
  progress(text: string, done?: boolean): void;
  json: boolean;
  follow(filters: string[], listener: (topic: string, payload: string) => void): Promise<void>;
  /**
   * Calls one of the broker's HTTP endpoints (`src/protocol/http-api.ts`) at the HTTP URL the broker
   * reports, with the operator account as Basic credentials. Resolves with the parsed JSON body; an
   * error body rejects with ApiError.
   */
  http(path: string, init?: { method: 'GET' | 'POST'; body?: string }): Promise<unknown>;
  /** Resolves when the user interrupts (Ctrl+C) or the connection ends. */
  interrupted: Promise<void>;
}

export type Command = (ctx: CommandContext) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A device argument: an id when it looks like one (a UUID), else a name. */
export const deviceRef = (value: string): { deviceId: string } | { deviceName: string } =>
  UUID.test(value) ? { deviceId: value } : { deviceName: value };

/** A profile argument, like deviceRef. */
export const profileRef = (value: string): { profileId: string } | { profileName: string } =>
  UUID.test(value) ? { profileId: value } : { profileName: value };

/** Parses a JSON argument; a UsageError says which one is broken. */
export function jsonArg(label: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${label} is not valid JSON (${(error as Error).message}); quote it, e.g. '{"mode":"eco"}'`,
    );
  }
}

/** `a,b,c` → ['a','b','c']; several positionals are accepted too. */
export const listArg = (values: string[]): string[] =>
  values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time: Unix ms, an ISO date, `now`, or an age such as `-15m` / `2h` (that long ago). */
export function timeArg(label: string, text: string, now = Date.now()): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'now') return now;
  const age = /^-?(\d+)([smhd])$/.exec(text);
  if (age) return now - Number(age[1]) * (UNITS[age[2] ?? 's'] ?? 1000);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed))
    throw new UsageError(
      `${label} must be Unix ms, an ISO date, "now" or an age like -15m, got "${text}"`,
    );
  return parsed;
}

/** Refuses a sub-command no one knows. */
export function unknownSub(command: string, sub: string | undefined, known: string[]): never {
  const what = sub === undefined ? 'a sub-command' : `"${sub}"`;
  throw new UsageError(
    `${command} needs ${sub === undefined ? what : `one of ${known.join(', ')}, not ${what}`}`,
  );
}
