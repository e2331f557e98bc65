/**
 * How deep a parsed JSON value (or any plain value) nests, checked without recursion: `JSON.parse`
 * accepts 10,000 levels, but `JSON.stringify` and recursive walkers overflow the stack on them.
 */
import { MAX_JSON_DEPTH } from './lenient-json-reader.ts';

export { MAX_JSON_DEPTH };

/** True when `value` has objects or arrays nested deeper than `max` levels (a scalar is depth 0). */
export function nestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    if (depth + 1 > max) return true;
    seen.add(item);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
