import { parseLenientJson, toCompactJson } from '@/protocol/lenient-json.ts';

/** What an editor's JSON text turned out to be. */
export type JsonInput =
  | { ok: true; empty: true }
  /** `json` is strict JSON to send; `lenient` says the text was only lenient JSON (spec §4.1). */
  | { ok: true; empty: false; json: string; value: unknown; lenient: boolean }
  | { ok: false; message: string };

/**
 * Reads JSON typed by the user. Strict JSON is sent as typed; lenient JSON (unquoted names,
 * comments, …, spec §4.1) is accepted and converted, so the console always sends strict JSON.
 */
export function readJsonInput(text: string): JsonInput {
  if (text.trim() === '') return { ok: true, empty: true };
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return { ok: false, message: `Not valid JSON: ${parsed.error.message}` };
  const json = parsed.value.strict ? text.trim() : toCompactJson(parsed.value.value);
  return {
    ok: true,
    empty: false,
    json,
    value: JSON.parse(json) as unknown,
    lenient: !parsed.value.strict,
  };
}

/** Pretty-prints JSON text for display; other text is returned unchanged. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
