/** A typed-in value: JSON when it parses (numbers, booleans, objects), else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
