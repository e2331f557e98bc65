import { performance } from 'node:perf_hooks';

import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  brokerSnapshotSchema,
  type BrokerSnapshot,
} from '../../src/protocol/broker-snapshot.ts';
import { describeParamIssues, toParamIssues } from '../../src/protocol/operator-api.ts';
import { PACKAGE_VERSION } from '../package-root.ts';
import { HubError } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';
import type { Storage } from '../storage/storage.ts';

import { checkStoredState } from './snapshot-check.ts';
import { dumpStorage } from './snapshot-dump.ts';
import { loadStorage } from './snapshot-load.ts';

/** What a reset or restore did. */
export interface ReplaceSummary {
  devices: number;
  /** From the call until the new state was durable, in ms. */
  tookMs: number;
}

/** Why a state swap happened, for whoever waits on the old state (waitFor). */
export type ReplaceKind = 'reset' | 'restore';

/** The test-contract verbs on the broker's whole state (docs/testing.md). */
export interface BrokerState {
  /** The whole stored state, plus client RPC rules, as one JSON-ready document. */
  snapshot(): BrokerSnapshot;
  /**
   * Replaces everything with a snapshot (an object or its JSON text). A bad snapshot is refused with
   * INVALID_ARGUMENT naming every problem, before anything changes.
   */
  restore(snapshot: unknown): Promise<ReplaceSummary>;
  /** Back to the seed: the state the broker started with (docs/testing.md "reset"). */
  reset(): Promise<ReplaceSummary>;
  /** Listens for resets and restores; returns the unsubscribe function. */
  onReplaced(listener: (kind: ReplaceKind) => void): () => void;
}

/**
 * The snapshot, restore and reset verbs over one hub and its storage. `seed` gives the state reset
 * returns to; it is asked on the first reset only.
 */
export function createBrokerState(
  hub: Hub,
  storage: Storage,
  seed: () => BrokerSnapshot | Promise<BrokerSnapshot>,
): BrokerState {
  const listeners = new Set<(kind: ReplaceKind) => void>();
  let seeded: Promise<BrokerSnapshot> | undefined;

  const snapshot = (): BrokerSnapshot => ({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAt: Date.now(),
    brokerVersion: PACKAGE_VERSION,
    ...dumpStorage(storage),
    clientRpcRules: hub.clientRpc.listRules(),
  });

  const replace = async (next: BrokerSnapshot, kind: ReplaceKind): Promise<ReplaceSummary> => {
    const started = performance.now();
    for (const listener of listeners) listener(kind);
    const rules = next.clientRpcRules.map(({ delayMs, ...rule }) =>
      delayMs === undefined ? rule : { ...rule, delayMs },
    );
    await hub.replaceState(() => loadStorage(storage, next), rules);
    return { devices: next.devices.length, tookMs: performance.now() - started };
  };

  return {
    snapshot,
    restore: async (input) => await replace(parseSnapshot(input), 'restore'),
    reset: async () => {
      seeded ??= Promise.resolve(seed());
      return replace(await seeded, 'reset');
    },
    onReplaced(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A snapshot from an object or JSON text, checked in full; INVALID_ARGUMENT lists what is wrong. */
export function parseSnapshot(input: unknown): BrokerSnapshot {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new HubError(
        'INVALID_ARGUMENT',
        `the snapshot is not JSON: ${(error as Error).message}`,
      );
    }
  }
  const parsed = brokerSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issues = toParamIssues(parsed.error);
    throw new HubError(
      'INVALID_ARGUMENT',
      `the snapshot is not valid: ${describeParamIssues(issues)}`,
      {
        issues,
      },
    );
  }
  const problems = checkStoredState(parsed.data);
  if (problems.length > 0) {
    const more = problems.length > 10 ? ` (and ${String(problems.length - 10)} more)` : '';
    const shown = `${problems.slice(0, 10).join('; ')}${more}`;
    throw new HubError('INVALID_ARGUMENT', `the snapshot cannot be loaded: ${shown}`, { problems });
  }
  return parsed.data;
}
