/**
 * Server-side RPC through a profile's RPC schemas (spec §2.3, §7): the request `{"method", "requestId",
 * "params"}` merged into the RPC request message, and the device's reply decoded with the RPC response schema.
 */
import { toCompactJson } from '../lenient-json.ts';
import { ok, type Result } from '../result.ts';

import {
  decodeProfileMessage,
  encodeProfileMessage,
  type ProfileSchema,
} from './profile-schema.ts';

/**
 * `params` as it goes into the message's string field: a JSON string is unquoted (`"hello"` → `hello`), an
 * object, array, number or boolean keeps its JSON text.
 */
export function rpcParamsText(paramsJson: string): string {
  try {
    const value = JSON.parse(paramsJson) as unknown;
    return typeof value === 'string' ? value : paramsJson;
  } catch {
    return paramsJson;
  }
}

/**
 * The bytes of a server-side RPC request. Fields the message does not have are ignored; a value that does not
 * fit its field (say `params` declared as an int) leaves that field unset rather than losing the RPC.
 */
export function encodeProfileRpcRequest(
  schema: ProfileSchema,
  rpc: { requestId: number; method: string; paramsJson: string },
): Uint8Array {
  const json = {
    method: rpc.method,
    requestId: rpc.requestId,
    params: rpcParamsText(rpc.paramsJson),
  };
  const bytes = encodeProfileMessage(schema, json, true);
  return bytes.ok ? bytes.value : new Uint8Array();
}

/** The device's reply decoded with the response schema, as the JSON text the operator receives (spec §2.3). */
export function decodeProfileRpcReply(schema: ProfileSchema, bytes: Uint8Array): Result<string> {
  const node = decodeProfileMessage(schema, bytes);
  return node.ok ? ok(toCompactJson(node.value)) : node;
}
