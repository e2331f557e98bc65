import { join } from 'node:path';

import Database from 'better-sqlite3';

import { NAMED_POINTS } from '../storage/sqlite-series-schema.ts';
/** The points a device had acknowledged: telemetry key `key` at each ts, with an integer value. */
export interface AckedPoints {
  device: string;
  key: string;
  readonly size: number;
  /** [ts, value] of every acknowledged point. */
  entries(): Iterable<[number, number]>;
}

/** AckedPoints over a Map (ts → value). */
export function pointsOf(device: string, key: string, points: Map<number, number>): AckedPoints {
  return {
    device,
    key,
    get size() {
      return points.size;
    },
    entries: () => points.entries(),
  };
}

/** What the SQLite file holds of the acknowledged points. */
export interface StoreCheck {
  acked: number;
  /** Acknowledged but not stored. */
  lost: number;
  /** Stored with another value. */
  wrong: number;
  /** Rows of these devices and keys in total (acknowledged or not). */
  stored: number;
  firstProblem: string | null;
}

/**
 * Reads `<dataDir>/iothub.sqlite` directly (read-only, while the broker runs or after it stopped) and
 * checks that every acknowledged point is stored with its value.
 */
export function checkStored(dataDir: string, all: AckedPoints[]): StoreCheck {
  const db = new Database(join(dataDir, 'iothub.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const deviceId = db.prepare<[string], string>('SELECT id FROM devices WHERE name = ?').pluck();
    const rows = db.prepare<[string, string], { ts: number; long_v: number | null }>(
      `SELECT ts, long_v FROM (${NAMED_POINTS}) WHERE device_id = ? AND key = ?`,
    );
    const result: StoreCheck = { acked: 0, lost: 0, wrong: 0, stored: 0, firstProblem: null };
    for (const points of all) {
      const { device, key } = points;
      const id = deviceId.get(device);
      const stored = new Map(
        id === undefined ? [] : rows.all(id, key).map((r) => [r.ts, r.long_v] as const),
      );
      result.stored += stored.size;
      for (const [ts, value] of points.entries()) {
        result.acked++;
        const got = stored.get(ts);
        if (got === undefined) result.lost++;
        else if (got !== value) result.wrong++;
        else continue;
        result.firstProblem ??= `${device} ${key} ts=${String(ts)}: acked ${String(value)}, stored ${String(got)}`;
      }
    }
    return result;
  } finally {
    db.close();
  }
}

/** Rows in the events table (bounded by retention). */
export function countEvents(dataDir: string): number {
  const db = new Database(join(dataDir, 'iothub.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], number>('SELECT count(*) FROM events').pluck().get() ?? 0;
  } finally {
    db.close();
  }
}
