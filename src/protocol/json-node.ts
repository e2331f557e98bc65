/** Small helpers for reading parsed `JsonNode` trees in the codecs. */
import { type JsonNode, parseLenientJson } from './lenient-json.ts';
import { fail, ok, type Result } from './result.ts';

export type JsonObjectNode = Extract<JsonNode, { type: 'object' }>;

/** "an object", "a string", … for error messages. */
export function describeNode(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
  }
}

/**
 * The members of an object with repeated names collapsed: the later value wins and keeps the position of the
 * first occurrence, like the reference's JsonObject (a LinkedTreeMap).
 */
export function objectMembers(node: JsonObjectNode): Map<string, JsonNode> {
  const members = new Map<string, JsonNode>();
  for (const [name, value] of node.entries) members.set(name, value);
  return members;
}

/** Parses a payload that must be a JSON object (spec §4.1 parsing); `what` names it in the error message. */
export function parseJsonObject(text: string, what: string): Result<JsonObjectNode> {
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value.value;
  if (root.type !== 'object')
    return fail('schema', `${what} must be a JSON object, got ${describeNode(root)}`);
  return ok(root);
}
