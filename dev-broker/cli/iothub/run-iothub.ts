/**
 * The `iothub` command line (docs/operator-api.md), without the process: argv, environment and output
 * are passed in, so it runs the same from the bin shim (iothub.ts) and in-process in tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { OperatorMethod, OperatorParams } from '../../../src/protocol/operator-api.ts';
import { DEFAULT_OPERATOR } from '../../platform/operator-accounts.ts';

import { adminCommands } from './admin-commands.ts';
import { Args, UsageError } from './args.ts';
import { claimCommands } from './claim-commands.ts';
import { ApiError, ConnectError, OperatorClient, type ConnectOptions } from './client.ts';
import type { Command, CommandContext } from './context.ts';
import { attributesCommand, telemetryCommand } from './data-commands.ts';
import { devicesCommand } from './device-commands.ts';
import { httpCall } from './http-call.ts';
import { otaCommand } from './ota-commands.ts';
import { callCommand, rpcCommand } from './rpc-commands.ts';
import { stateCommands } from './state-commands.ts';
import { USAGE } from './usage.ts';

const COMMANDS: Record<string, Command> = {
  devices: devicesCommand,
  telemetry: telemetryCommand,
  attributes: attributesCommand,
  rpc: rpcCommand,
  call: callCommand,
  ...claimCommands,
  ota: otaCommand,
  ...adminCommands,
  ...stateCommands,
};

/** Where the command line writes its output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: progress lines are rewritten in place. */
  errIsTTY?: boolean;
}

/** Runs one command line; resolves with the exit code (0 ok, 1 API error, 2 usage, 3 connection). */
export async function runIothub(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  interrupted: Promise<void>,
): Promise<number> {
  let args: Args;
  let command: Command;
  let connection: ConnectOptions;
  try {
    args = new Args(argv);
    const name = args.optPos();
    if (args.bool('help') || name === undefined) {
      io.out(USAGE);
      return name === undefined && !args.bool('help') ? 2 : 0;
    }
    const found = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!found)
      throw new UsageError(
        `unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    command = found;
    connection = connectionOptions(args, env);
  } catch (error) {
    return usageFailed(error, io);
  }
  const json = args.bool('json');
  const defaultTimeout = args.int('timeout') ?? 30_000;
  let client: OperatorClient;
  try {
    client = await OperatorClient.connect(connection);
  } catch (error) {
    io.err(`iothub: ${(error as Error).message}\n`);
    return 3;
  }
  const ctx: CommandContext = {
    args,
    json,
    interrupted,
    call: (method, params) =>
      client.call(method, params, timeoutFor(method, params, defaultTimeout)),
    print: (value, readable) =>
      io.out(`${json ? JSON.stringify(value, null, 2) : readable(value)}\n`),
    line: (text) => io.out(`${text}\n`),
    progress: (text, done = false) => {
      if (io.errIsTTY) io.err(`\r${text}\x1b[K${done ? '\n' : ''}`);
      else if (done) io.err(`${text}\n`);
    },
    follow: (filters, listener) => client.follow(filters, listener),
    http: async (path, init = { method: 'GET' }) => {
      const info = await client.call('broker.info', {}, defaultTimeout);
      return httpCall(info.urls.http, path, init, connection);
    },
  };
  try {
    await command(ctx);
    return 0;
  } catch (error) {
    if (error instanceof ApiError) {
      if (json) io.out(`${JSON.stringify({ error: error.error }, null, 2)}\n`);
      io.err(`iothub: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError) return usageFailed(error, io);
    io.err(`iothub: ${(error as Error).message}\n`);
    return error instanceof ConnectError ? 3 : 1;
  } finally {
    await client.close();
  }
}

/** Flag, else environment, else default; the admin password may come from the broker's data dir. */
function connectionOptions(args: Args, env: NodeJS.ProcessEnv): ConnectOptions {
  const url = args.flag('url') ?? env.IOTHUB_URL ?? 'mqtt://127.0.0.1:1883';
  const account = args.flag('user') ?? env.IOTHUB_USER ?? DEFAULT_OPERATOR;
  const password =
    args.flag('password') ?? env.IOTHUB_ADMIN_PASSWORD ?? storedPassword(account, env);
  if (password === undefined) {
    throw new UsageError(
      'no operator password: pass --password or set IOTHUB_ADMIN_PASSWORD (the broker prints it in its banner)',
    );
  }
  return { url, account, password };
}

/** The password the broker generated into `<data dir>/admin-password` (admin only). */
function storedPassword(account: string, env: NodeJS.ProcessEnv): string | undefined {
  if (account !== DEFAULT_OPERATOR) return undefined;
  try {
    return (
      readFileSync(join(env.IOTHUB_DATA_DIR ?? '.iothub-data', 'admin-password'), 'utf8').trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** A two-way RPC waits for the device: the reply may take its timeout and then some. */
function timeoutFor(
  method: OperatorMethod,
  params: OperatorParams<OperatorMethod>,
  fallback: number,
): number {
  if (method !== 'rpc.send') return fallback;
  const rpcTimeout = (params as OperatorParams<'rpc.send'>).timeout;
  return Math.max(fallback, (rpcTimeout ?? 10_000) + 5_000);
}

function usageFailed(error: unknown, io: Io): number {
  if (!(error instanceof UsageError)) throw error;
  io.err(`iothub: ${error.message}\nRun "npx iothub --help" for the commands and options.\n`);
  return 2;
}
