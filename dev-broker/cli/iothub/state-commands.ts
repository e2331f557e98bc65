import { readFileSync } from 'node:fs';

import type { BrokerSnapshot } from '../../../src/protocol/broker-snapshot.ts';
import { HTTP_PATHS, type StateReplacedResponse } from '../../../src/protocol/http-api.ts';
import { writeSnapshotFile } from '../../state/snapshot-file.ts';

import { UsageError } from './args.ts';
import type { Command } from './context.ts';

const took = (r: StateReplacedResponse): string =>
  `${String(r.devices)} device${r.devices === 1 ? '' : 's'} (${r.tookMs.toFixed(1)} ms)`;

/** `reset`: broker.reset, back to the seed state. */
export const resetCommand: Command = async (ctx) => {
  ctx.args.done();
  ctx.print(await ctx.call('broker.reset', {}), (r) => `reset to the seed: ${took(r)}`);
};

/** `snapshot [file]`: the whole state over HTTP (no MQTT size limit), into a file or to stdout. */
export const snapshotCommand: Command = async (ctx) => {
  const file = ctx.args.optPos();
  ctx.args.done();
  const snapshot = (await ctx.http(HTTP_PATHS.snapshot)) as BrokerSnapshot;
  if (file === undefined) {
    ctx.line(JSON.stringify(snapshot, null, 2));
    return;
  }
  writeSnapshotFile(file, snapshot);
  const points = snapshot.telemetry.reduce((sum, s) => sum + s.points.length, 0);
  ctx.print(
    { file, devices: snapshot.devices.length, telemetryPoints: points },
    (r) =>
      `wrote ${r.file}: ${String(r.devices)} devices, ${String(r.telemetryPoints)} telemetry points`,
  );
};

/** `restore <file>`: replaces the whole state with a snapshot file, over HTTP. */
export const restoreCommand: Command = async (ctx) => {
  const file = ctx.args.pos('<snapshot file>');
  ctx.args.done();
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const result = (await ctx.http(HTTP_PATHS.restore, {
    method: 'POST',
    body,
  })) as StateReplacedResponse;
  ctx.print(result, (r) => `restored ${file}: ${took(r)}`);
};

/** The commands of this file, by name. */
export const stateCommands: Record<string, Command> = {
  reset: resetCommand,
  snapshot: snapshotCommand,
  restore: restoreCommand,
};
