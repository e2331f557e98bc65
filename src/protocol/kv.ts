/**
 * Typed key-value data as the platform stores it (spec §5 "Value typing").
 * LONG is a bigint because device values may use the whole signed 64-bit range.
 * JSON holds compact JSON text (numbers keep their literal spelling).
 */
export type KvValue =
  | { type: 'BOOLEAN'; value: boolean }
  | { type: 'LONG'; value: bigint }
  | { type: 'DOUBLE'; value: number }
  | { type: 'STRING'; value: string }
  | { type: 'JSON'; value: string };

export type KvType = KvValue['type'];

export interface KvEntry {
  key: string;
  value: KvValue;
}

/** One telemetry data point. */
export interface TsKvEntry extends KvEntry {
  /** Unix time in milliseconds. */
  ts: number;
}

export type AttributeScope = 'CLIENT' | 'SHARED' | 'SERVER';

export interface AttributeEntry extends KvEntry {
  scope: AttributeScope;
  /** Unix ms of the last write. */
  lastUpdateTs: number;
}
