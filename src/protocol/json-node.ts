/** Small helpers for reading parsed `JsonNode` trees in the codecs. */
import type { JsonNode } from './lenient-json.ts';

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
