import { prettyJson } from '@/lib/json-input.ts';
import { useProtobufDevice } from '@/lib/protobuf-device.ts';
import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { loggedBytes } from '../api/logged-bytes.ts';

/** A PUBLISH payload decoded with the Protobuf schemas, while the device speaks Protobuf (device-api.md §2.3). */
export function ProtobufPayload({ entry }: { entry: PacketLogEntry }) {
  const codec = useProtobufDevice((s) => (s.enabled ? s.codec : null));
  if (codec === null || entry.topic === null) return null;
  const bytes = loggedBytes(entry);
  if (bytes === null) return null;
  const decoded = codec.describe(entry.topic, entry.direction, bytes);
  if (decoded === null) return null;
  return (
    <>
      <h4>Payload decoded (Protobuf)</h4>
      {decoded.ok ? (
        <pre className="code-block" aria-label="Decoded payload">
          {prettyJson(decoded.json)}
        </pre>
      ) : (
        <p className="pk-note pk-note--error">Not a message of the schema: {decoded.message}</p>
      )}
    </>
  );
}
