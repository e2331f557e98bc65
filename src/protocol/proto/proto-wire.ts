/**
 * Protobuf bytes ⇄ plain objects for the schema in transport-schema.ts. Decoding never throws: a malformed message
 * is an invalid payload (spec §4), reported with the decoder's own error text.
 */
import { fail, ok, type Result } from '../result.ts';

import { protoType, type ProtoMessageName } from './transport-schema.ts';

/**
 * Decodes `bytes` as message `name` into a plain object with every field present (defaults filled in,
 * repeated fields as arrays), 64-bit integers as bigint and enums as numbers. `T` is the caller's view of the
 * message's shape; the schema guarantees it.
 */
export function decodeProto<T>(name: ProtoMessageName, bytes: Uint8Array): Result<T> {
  const type = protoType(name);
  try {
    const message = type.decode(bytes);
    return ok(type.toObject(message, { longs: BigInt, defaults: true, arrays: true }) as T);
  } catch (error) {
    const short = name.slice(name.indexOf('.') + 1);
    return fail('schema', `Invalid Protobuf ${short}: ${(error as Error).message}`);
  }
}

/** Encodes a plain object (bigint or number for 64-bit fields, numbers or names for enums) as message `name`. */
export function encodeProto(name: ProtoMessageName, value: object): Uint8Array {
  const type = protoType(name);
  return type.encode(type.fromObject(value)).finish();
}

/** A JS number from a decoded int64, when it is a safe integer. */
export function safeNumber(value: bigint): number | undefined {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
