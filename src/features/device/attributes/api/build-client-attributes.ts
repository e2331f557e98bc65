import { readJsonInput } from '@/lib/json-input.ts';

/** How the editor types a value. */
export type AttributeValueType = 'string' | 'boolean' | 'number' | 'json';

export interface AttributeRow {
  id: number;
  key: string;
  type: AttributeValueType;
  value: string;
}

export type BuiltAttributes = { ok: true; json: string } | { ok: false; problems: string[] };

/** A JSON number literal, kept as typed so `42.0` stays a DOUBLE (spec §5 typing follows the literal). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function valueJson(row: AttributeRow, label: string): { json: string } | { problem: string } {
  switch (row.type) {
    case 'string':
      return { json: JSON.stringify(row.value) };
    case 'boolean':
      return row.value === 'true' || row.value === 'false'
        ? { json: row.value }
        : { problem: `${label}: choose true or false.` };
    case 'number': {
      const text = row.value.trim();
      return JSON_NUMBER.test(text)
        ? { json: text }
        : { problem: `${label}: "${row.value}" is not a number.` };
    }
    case 'json': {
      const input = readJsonInput(row.value);
      if (!input.ok) return { problem: `${label}: ${input.message}` };
      if (input.empty) return { problem: `${label}: enter a JSON value.` };
      return { json: input.json };
    }
  }
}

/** The client-attributes payload (spec §6.1) as strict JSON, or what is wrong with the rows. */
export function buildClientAttributes(rows: readonly AttributeRow[]): BuiltAttributes {
  const problems: string[] = [];
  const members: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const label = row.key === '' ? `Attribute ${String(index + 1)}` : `"${row.key}"`;
    if (row.key === '') {
      problems.push(`${label}: enter a key.`);
      return;
    }
    if (seen.has(row.key)) problems.push(`${label} appears twice; the later value would win.`);
    seen.add(row.key);
    const value = valueJson(row, label);
    if ('problem' in value) problems.push(value.problem);
    else members.push(`${JSON.stringify(row.key)}:${value.json}`);
  });
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, json: `{${members.join(',')}}` };
}
