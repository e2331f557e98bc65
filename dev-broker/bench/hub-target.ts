import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { storageThread } from '../cli/parse-args.ts';
import { startDevBroker, type DevBroker } from '../main.ts';

import type { HubStorage } from './bench-options.ts';
import type { BenchTarget, StoredCheck } from './bench-target.ts';
import { KEYS_PER_MESSAGE, TELEMETRY_KEYS, type PublisherResult } from './load-protocol.ts';

/** The most points one history call returns per key (TelemetryService's cap). */
const PAGE = 100_000;

const deviceName = (i: number): string => `bench-device-${String(i + 1)}`;
const deviceToken = (i: number): string => `bench-token-${String(i + 1)}`;

/** An extra ACCESS_TOKEN device (not a publisher), e.g. the operator RPC bench's responder. */
export interface ExtraDevice {
  name: string;
  token: string;
}

/** The hub target, with the running broker for benches that need more than publishers. */
export interface HubTarget extends BenchTarget {
  readonly broker: DevBroker;
}

/**
 * The dev broker with `storage` (SQLite in a fresh temporary data directory, removed on close), one
 * ACCESS_TOKEN device per publisher plus `extra` devices, no demo data, silent logs.
 */
export async function startHubTarget(
  storage: HubStorage,
  devices: number,
  extra: readonly ExtraDevice[] = [],
): Promise<HubTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iothub-bench-'));
  const broker = await startDevBroker({
    storage,
    // the broker's own variable, as for `npm start` (ADR 0010 measures both)
    storageThread: storageThread('IOTHUB_STORAGE_THREAD', process.env.IOTHUB_STORAGE_THREAD),
    dataDir,
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir: null,
    logLevel: 'silent',
    config: {
      devices: [
        ...Array.from({ length: devices }, (_, i) => ({
          name: deviceName(i),
          token: deviceToken(i),
        })),
        ...extra,
      ].map(({ name, token }) => ({
        name,
        credentials: { type: 'ACCESS_TOKEN' as const, token },
      })),
    },
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  /** Every stored point of `deviceId` over the telemetry keys, paging by ts (one row per key and ts). */
  const countPoints = (deviceId: string): number => {
    let total = 0;
    for (const key of TELEMETRY_KEYS) {
      let startTs = 0;
      for (;;) {
        const page = broker.hub.telemetry.history(deviceId, {
          keys: [key],
          startTs,
          endTs: Number.MAX_SAFE_INTEGER,
          limit: PAGE,
          order: 'ASC',
        });
        total += page.length;
        const last = page.at(-1);
        if (page.length < PAGE || !last) break;
        startTs = last.ts + 1;
      }
    }
    return total;
  };

  let closing: Promise<void> | undefined;
  return {
    name: 'hub',
    broker,
    tcpUrl: broker.mqttUrl,
    wsUrl: broker.wsUrl,
    publishers: (count) =>
      Array.from({ length: count }, (_, i) => ({
        clientId: `bench-hub-${String(i + 1)}`,
        username: deviceToken(i),
      })),
    verify(results: readonly PublisherResult[]): StoredCheck {
      const problems: string[] = [];
      let expectedPoints = 0;
      let storedPoints = 0;
      results.forEach((r, i) => {
        const expected = r.ackedTotal * KEYS_PER_MESSAGE;
        const stored = countPoints(broker.hub.devices.get(deviceName(i)).id);
        expectedPoints += expected;
        storedPoints += stored;
        if (stored !== expected) {
          problems.push(
            `${deviceName(i)}: ${String(r.ackedTotal)} acked × ${String(KEYS_PER_MESSAGE)} = ${String(expected)} points, ${String(stored)} stored`,
          );
        }
      });
      return { expectedPoints, storedPoints, ok: problems.length === 0, problems };
    },
    details() {
      const file = broker.dataFile;
      if (!file) return { storage };
      const size = (path: string): number => {
        try {
          return statSync(path).size;
        } catch {
          return 0;
        }
      };
      return { storage, dbBytes: size(file), walBytes: size(`${file}-wal`) };
    },
    close() {
      closing ??= broker.close().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
      });
      return closing;
    },
  };
}
