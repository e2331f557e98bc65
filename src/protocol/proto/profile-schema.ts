/**
 * A profile's own `.proto` schemas (spec §2.3): compiling one (the message type is the **last top-level
 * message**), decoding a device's bytes into the reference's JSON (proto3-json.ts), and encoding JSON into bytes.
 * Used by the broker (telemetry, attributes, server-side RPC of PROTOBUF profiles) and by the console's device
 * side. Nothing here throws: a schema that does not compile, or bytes that do not decode, give the parser's message.
 */
import Long from 'long';
import protobuf from 'protobufjs';

import type { JsonNode } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

import { jsonToMessageObject } from './proto3-json-parse.ts';
import { messageToJsonNode } from './proto3-json.ts';

// 64-bit integers keep every digit in the browser as in Node (protobufjs finds long.js only through require).
protobuf.util.Long = Long;
protobuf.configure();

/** A compiled profile schema. */
export interface ProfileSchema {
  /** The schema text it was compiled from. */
  text: string;
  /** The message type: the last top-level message of the text. */
  type: protobuf.Type;
  /** Its full name, e.g. `telemetry.SensorDataReading`. */
  messageName: string;
}

const PROTO3 = /^\s*syntax\s*=\s*["']proto3["']\s*;/m;
const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/**
 * Compiles a schema as the reference accepts it: proto3 only, no imports, at least one message; the parser's
 * message otherwise (protobufjs: `illegal token '…' (line N)`, `no such type: …`).
 */
export function compileProfileSchema(text: string): Result<ProfileSchema> {
  if (!PROTO3.test(text.replace(COMMENTS, ''))) {
    return fail('schema', 'Only proto3 schemas are supported: begin with syntax = "proto3";');
  }
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, new protobuf.Root(), { keepCase: true });
    parsed.root.resolveAll();
  } catch (error) {
    return fail('schema', (error as Error).message);
  }
  if ((parsed.imports?.length ?? 0) > 0 || (parsed.weakImports?.length ?? 0) > 0) {
    return fail('schema', 'Imports are not supported: a profile schema must stand alone');
  }
  const scope = parsed.package ? parsed.root.lookup(parsed.package) : parsed.root;
  const messages = (scope instanceof protobuf.Namespace ? scope.nestedArray : []).filter(
    (n): n is protobuf.Type => n instanceof protobuf.Type,
  );
  const type = messages.at(-1);
  if (!type) return fail('schema', 'The schema has no message: at least one message is needed');
  return ok({ text, type, messageName: type.fullName.replace(/^\./, '') });
}

/** Bytes → the reference's JSON of the message (spec §2.3); bytes that do not decode are an error. */
export function decodeProfileMessage(schema: ProfileSchema, bytes: Uint8Array): Result<JsonNode> {
  try {
    return ok(messageToJsonNode(schema.type, schema.type.decode(bytes)));
  } catch (error) {
    return fail('schema', `Invalid Protobuf ${schema.messageName}: ${(error as Error).message}`);
  }
}

/**
 * A JSON value (parsed) → bytes of the schema's message; unknown fields are ignored (spec §2.3). With
 * `skipInvalid`, a top-level value that does not fit its field leaves the field unset.
 */
export function encodeProfileMessage(
  schema: ProfileSchema,
  json: unknown,
  skipInvalid = false,
): Result<Uint8Array> {
  const plain = jsonToMessageObject(schema.type, json, '', skipInvalid);
  if (!plain.ok) return plain;
  try {
    return ok(schema.type.encode(schema.type.fromObject(plain.value)).finish());
  } catch (error) {
    return fail('schema', `Cannot encode ${schema.messageName}: ${(error as Error).message}`);
  }
}

/**
 * Compiled schemas kept per key (a profile id and field) and recompiled only when the text changes, so a
 * schema is compiled once per change, not per message (spec §2.3: a change applies to the next message).
 */
export class ProfileSchemaCache {
  readonly #entries = new Map<string, Result<ProfileSchema>>();
  readonly #texts = new Map<string, string>();

  get(key: string, text: string): Result<ProfileSchema> {
    const cached = this.#entries.get(key);
    if (cached && this.#texts.get(key) === text) return cached;
    const compiled = compileProfileSchema(text);
    this.#entries.set(key, compiled);
    this.#texts.set(key, text);
    return compiled;
  }

  /** Forgets every schema of keys starting with `prefix` (a deleted profile). */
  forget(prefix: string): void {
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
        this.#texts.delete(key);
      }
    }
  }
}
