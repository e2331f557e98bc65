import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import { ConfigError } from '../config/config-file.ts';
import { HubError } from '../platform/errors.ts';

import { parseSnapshot } from './broker-state.ts';

/** Reads and checks a snapshot file (`--import FILE`); a ConfigError names the file and every problem. */
export function readSnapshotFile(file: string): BrokerSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read snapshot file ${file}: ${(cause as Error).message}`);
  }
  try {
    return parseSnapshot(text);
  } catch (error) {
    if (error instanceof HubError) throw new ConfigError(`Cannot import ${file}: ${error.message}`);
    throw error;
  }
}

/** Writes a snapshot as indented JSON, whole or not at all (a temporary file renamed over it). */
export function writeSnapshotFile(file: string, snapshot: BrokerSnapshot): void {
  const target = resolve(file);
  const temporary = `${target}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(temporary, target);
}
