/**
 * What the device side's Protobuf editor shows before sending (device-api.md §2.3): the JSON the user wrote,
 * encoded with the chosen schema (hex and size), and what the platform will store from those bytes — they are
 * decoded back exactly as the broker decodes them and typed by the JSON rules of §5 / §6.1.
 */
import { loadProfileSchemaModule } from '@/lib/protobuf-device-codec.ts';
import { decodeTelemetryNode } from '@/protocol/codecs/telemetry.ts';
import { kvValueToJson } from '@/protocol/kv-json.ts';
import { DEFAULT_TYPING, objectToKvEntries } from '@/protocol/kv-typing.ts';
import { parseLenientJson, toPlainValue } from '@/protocol/lenient-json.ts';

export type PublishKind = 'telemetry' | 'attributes';

export interface StoredValue {
  key: string;
  type: string;
  value: string;
  /** Telemetry only: the timestamp the value is stored at; null means the broker's receive time. */
  ts: number | null;
}

export type EncodePreview =
  | { ok: true; bytes: Uint8Array; hex: string; messageName: string; stored: StoredValue[] }
  | { ok: false; message: string };

export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export async function previewEncoding(
  kind: PublishKind,
  schemaText: string,
  jsonText: string,
): Promise<EncodePreview> {
  const ps = await loadProfileSchemaModule();
  const schema = ps.compileProfileSchema(schemaText);
  if (!schema.ok)
    return { ok: false, message: `The schema does not compile: ${schema.error.message}` };
  const parsed = parseLenientJson(jsonText);
  if (!parsed.ok) return { ok: false, message: `Not JSON: ${parsed.error.message}` };
  const bytes = ps.encodeProfileMessage(schema.value, toPlainValue(parsed.value.value));
  if (!bytes.ok)
    return {
      ok: false,
      message: `Does not fit ${schema.value.messageName}: ${bytes.error.message}`,
    };
  const node = ps.decodeProfileMessage(schema.value, bytes.value);
  if (!node.ok) return { ok: false, message: node.error.message };
  const now = Date.now();
  const typed =
    kind === 'telemetry'
      ? decodeTelemetryNode(node.value, now, DEFAULT_TYPING)
      : objectToKvEntries(node.value, DEFAULT_TYPING);
  if (!typed.ok)
    return { ok: false, message: `The platform would refuse it: ${typed.error.message}` };
  const stored = typed.value.map((entry) => ({
    key: entry.key,
    type: entry.value.type,
    value: kvValueToJson(entry.value),
    ts: 'ts' in entry && typeof entry.ts === 'number' && entry.ts !== now ? entry.ts : null,
  }));
  return {
    ok: true,
    bytes: bytes.value,
    hex: toHex(bytes.value),
    messageName: schema.value.messageName,
    stored,
  };
}
