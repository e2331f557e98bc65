import { describe, expect, it } from 'vitest';

import { readCommandLine, UsageError } from '../cli/command-line.ts';
import { Args, IOTHUB_FLAGS } from '../cli/iothub/args.ts';
import { USAGE } from '../cli/iothub/usage.ts';
import { parseArgs } from '../cli/parse-args.ts';

const spec = {
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe('readCommandLine (node:util parseArgs, one UsageError)', () => {
  it('reads value flags in both spellings, switches, -h and everything after --', () => {
    const { flags, positionals } = readCommandLine(
      ['get', '--name', 'a', '--json', 'x', '--name=b', '-h', '--', '--not-a-flag'],
      spec,
    );
    expect(Object.fromEntries(flags)).toEqual({ name: 'b', json: true, help: true });
    expect(positionals).toEqual(['get', 'x', '--not-a-flag']);
  });

  it('refuses an unknown flag, a value flag without its value and a switch with one', () => {
    const fails = (argv: string[]) => {
      try {
        readCommandLine(argv, spec);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(fails(['--bogus'])).toBe('unknown option --bogus');
    expect(fails(['-x'])).toBe('unknown option -x');
    expect(fails(['list', '--name'])).toBe('--name needs a value');
    expect(fails(['--json=yes'])).toBe('--json takes no value');
  });
});

describe('the two CLIs on readCommandLine', () => {
  it('iothub: every flag the usage text names is known, and a flag no command takes is refused', () => {
    const documented = new Set(USAGE.match(/--[a-z][a-z-]*/g));
    documented.delete('--help');
    expect([...documented].filter((flag) => !(flag.slice(2) in IOTHUB_FLAGS))).toEqual([]);
    const args = new Args(['devices', 'list', '--limit', '5', '--oneway']);
    expect([args.pos('<command>'), args.pos('<sub>'), args.int('limit')]).toEqual([
      'devices',
      'list',
      5,
    ]);
    expect(() => args.done()).toThrow(new UsageError('unknown option --oneway'));
  });

  it('npm start: a stray argument or a bad port is a UsageError', () => {
    expect(() => parseArgs(['start'], {})).toThrow(new UsageError('unexpected argument "start"'));
    expect(() => parseArgs(['--http-port=99999'], {})).toThrow(UsageError);
    expect(parseArgs(['-h', '--log-level', 'warn'], {})).toMatchObject({
      help: true,
      logLevel: 'warn',
    });
  });
});
