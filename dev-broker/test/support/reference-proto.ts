/**
 * A Protobuf device built only from the reference platform's published schemas: the `.proto` fixtures in
 * ../fixtures/reference-proto (its `transport.proto` and `queue.proto` messages, and its default profile schemas),
 * loaded with protobufjs straight from those files. Nothing here uses the product's own schema code, so a wire
 * difference between the dev broker and the reference shows up as a failing test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import protobuf from 'protobufjs';

const DIR = new URL('../fixtures/reference-proto/', import.meta.url);
const file = (name: string): string => fileURLToPath(new URL(name, DIR));

/** The reference's messages by full name (`transportapi.ConnectMsg`, `transport.PostTelemetryMsg`, …). */
const transport = new protobuf.Root();
transport.loadSync(file('transport.proto'), { keepCase: true });
transport.resolveAll();

/** The reference's default profile schema texts, as a device maker gets them from the platform's UI. */
export const REFERENCE_SCHEMAS = {
  telemetry: readFileSync(file('profile-telemetry.proto'), 'utf8'),
  attributes: readFileSync(file('profile-attributes.proto'), 'utf8'),
  rpcRequest: readFileSync(file('profile-rpc-request.proto'), 'utf8'),
  rpcResponse: readFileSync(file('profile-rpc-response.proto'), 'utf8'),
};

const profileRoots = new Map<string, protobuf.Root>();
function rootOf(schema: string): protobuf.Root {
  let root = profileRoots.get(schema);
  if (!root) {
    root = protobuf.parse(schema, new protobuf.Root(), { keepCase: true }).root;
    root.resolveAll();
    profileRoots.set(schema, root);
  }
  return root;
}

/** A message type by full name: from the transport fixtures, or from a profile schema text given as `schema`. */
export function refType(name: string, schema?: string): protobuf.Type {
  return (schema === undefined ? transport : rootOf(schema)).lookupType(name);
}

/** Encodes with protobufjs from the fixtures (enum names and decimal strings for 64-bit fields are accepted). */
export function refEncode(name: string, value: object, schema?: string): Buffer {
  const type = refType(name, schema);
  const problem = type.verify(type.fromObject(value));
  if (problem) throw new Error(`${name}: ${problem}`);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** Decodes with protobufjs from the fixtures: 64-bit as decimal strings, enums as names, defaults filled. */
export function refDecode(name: string, payload: Buffer, schema?: string): Record<string, unknown> {
  const type = refType(name, schema);
  return type.toObject(type.decode(payload), {
    longs: String,
    enums: String,
    defaults: true,
    arrays: true,
  });
}
