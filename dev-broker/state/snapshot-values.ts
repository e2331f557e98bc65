import type { SnapshotValue } from '../../src/protocol/broker-snapshot.ts';
import type { KvValue } from '../../src/protocol/kv.ts';

/** A stored value as the snapshot writes it: LONG as decimal digits, so all 64 bits survive JSON. */
export function toSnapshotValue(value: KvValue): SnapshotValue {
  return value.type === 'LONG' ? { type: 'LONG', value: value.value.toString() } : { ...value };
}

/** The stored value back from its snapshot form (the schema has checked the LONG digits). */
export function fromSnapshotValue(value: SnapshotValue): KvValue {
  return value.type === 'LONG' ? { type: 'LONG', value: BigInt(value.value) } : { ...value };
}
