import { describe, expect, it } from 'vitest';

import {
  DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
  DEFAULT_TELEMETRY_PROTO_SCHEMA,
} from '@/protocol/proto/profile-schema-defaults.ts';

import { previewEncoding } from './encode-preview.ts';

describe('previewEncoding (device-api.md §2.3)', () => {
  it('encodes the default SensorDataReading and shows what the platform stores', async () => {
    const preview = await previewEncoding(
      'telemetry',
      DEFAULT_TELEMETRY_PROTO_SCHEMA,
      '{"temperature": 42, "innerObject": {"key1": "a"}}',
    );
    expect(preview).toMatchObject({
      ok: true,
      hex: '09 00 00 00 00 00 00 45 40 1a 03 0a 01 61',
      messageName: 'telemetry.SensorDataReading',
      stored: [
        { key: 'temperature', type: 'DOUBLE', value: '42.0', ts: null },
        { key: 'innerObject', type: 'JSON', value: '{"key1":"a"}', ts: null },
      ],
    });
  });

  it('keeps a {ts, values} timestamp', async () => {
    const schema =
      'syntax = "proto3"; message V { int64 n = 1; } message R { int64 ts = 1; V values = 2; }';
    const preview = await previewEncoding('telemetry', schema, '{"ts": 1000, "values": {"n": 7}}');
    expect(preview).toMatchObject({
      ok: true,
      stored: [{ key: 'n', type: 'LONG', value: '7', ts: 1000 }],
    });
  });

  it('says in plain words what is wrong: JSON, a field of the wrong type, a schema that does not compile', async () => {
    expect(
      await previewEncoding('attributes', DEFAULT_ATTRIBUTES_PROTO_SCHEMA, '{"serialNumber":'),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not JSON:/) as unknown,
    });
    expect(
      await previewEncoding(
        'attributes',
        DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
        '{"serialNumber": {"a": 1}}',
      ),
    ).toEqual({
      ok: false,
      message:
        'Does not fit attributes.SensorConfiguration: serialNumber: expected a string, got an object',
    });
    expect(await previewEncoding('attributes', 'syntax = "proto3"; message {', '{}')).toMatchObject(
      {
        ok: false,
        message: expect.stringMatching(/^The schema does not compile: illegal/) as unknown,
      },
    );
  });
});
