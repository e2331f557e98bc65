/** The seed's three payload shapes, as starting points for the editor. */
export const TELEMETRY_EXAMPLES = [
  { label: 'Object', text: '{"temperature": 42, "humidity": "40.5", "active": true}' },
  { label: 'Array', text: '[{"key1": "value1"}, {"key2": true}]' },
  {
    label: 'With timestamp',
    text: '{\n  "ts": 1451649600512,\n  "values": {"stringKey": "value1", "doubleKey": 42.0, "longKey": 73}\n}',
  },
] as const;
