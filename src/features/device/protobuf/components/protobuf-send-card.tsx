import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useProtobufDevice } from '@/lib/protobuf-device.ts';
import { useSession, useSessionStatus } from '@/lib/session-context.tsx';
import { outboundTopic, type Family } from '@/protocol/topics.ts';

import { previewEncoding, type EncodePreview, type PublishKind } from '../api/encode-preview.ts';

/** The reference's default telemetry message, filled in (device-api.md §2.3). */
const EXAMPLES: Record<PublishKind, string> = {
  telemetry:
    '{\n  "temperature": 42,\n  "humidity": 58.5,\n  "innerObject": {"key1": "value1", "key2": true, "key3": 3.5, "key4": 7, "key5": "text"}\n}',
  attributes: '{\n  "firmwareVersion": "1.2.3",\n  "serialNumber": "SN-0001"\n}',
};

const FAMILIES: { value: Family; label: string }[] = [
  { value: 'v1', label: 'v1 (profile payload type)' },
  { value: 'v2', label: 'v2 short (profile payload type)' },
  { value: 'v2p', label: 'v2 /p (always Protobuf)' },
];

function describeAck(reasonCode: number | undefined, latencyMs: number | null): string {
  if (reasonCode === 0x99)
    return 'PUBACK 0x99: the broker refused the payload as invalid; nothing was stored.';
  if (reasonCode !== undefined && reasonCode >= 0x80)
    return `PUBACK 0x${reasonCode.toString(16)}: refused.`;
  return latencyMs === null ? 'Sent.' : `Stored: PUBACK after ${latencyMs.toFixed(1)} ms.`;
}

/** Writes JSON, shows its Protobuf encoding and what the platform will store, and sends the bytes. */
export function ProtobufSendCard() {
  const id = useId();
  const session = useSession();
  const connected = useSessionStatus(
    (s) => s.status === 'connected' && s.credentialKind !== 'provision',
  );
  const schemas = useProtobufDevice((s) => s.schemas);
  const [kind, setKind] = useState<PublishKind>('telemetry');
  const [family, setFamily] = useState<Family>('v1');
  const [json, setJson] = useState(EXAMPLES.telemetry);
  const [preview, setPreview] = useState<EncodePreview | null>(null);
  const schema =
    kind === 'telemetry' ? schemas.deviceTelemetryProtoSchema : schemas.deviceAttributesProtoSchema;

  useEffect(() => {
    let current = true;
    void previewEncoding(kind, schema, json).then((p) => {
      if (current) setPreview(p);
    });
    return () => {
      current = false;
    };
  }, [kind, schema, json]);

  const send = useMutation({
    mutationFn: (bytes: Uint8Array) =>
      session.publish(
        kind === 'telemetry'
          ? outboundTopic.telemetry(family)
          : outboundTopic.clientAttributes(family),
        bytes,
        { qos: 1 },
      ),
  });

  return (
    <form
      className="pk-card"
      aria-label="Send Protobuf"
      onSubmit={(event) => {
        event.preventDefault();
        if (preview?.ok) send.mutate(preview.bytes);
      }}
    >
      <h3>Send Protobuf</h3>
      <div className="pk-row">
        <div className="field field--narrow">
          <label htmlFor={`${id}-kind`}>Message</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              const next = e.target.value === 'attributes' ? 'attributes' : 'telemetry';
              setKind(next);
              setJson(EXAMPLES[next]);
              send.reset();
            }}
          >
            <option value="telemetry">Telemetry (telemetry schema)</option>
            <option value="attributes">Client attributes (attributes schema)</option>
          </select>
        </div>
        <div className="field field--narrow">
          <label htmlFor={`${id}-family`}>Topic</label>
          <select
            id={`${id}-family`}
            value={family}
            onChange={(e) => {
              setFamily(e.target.value as Family);
            }}
          >
            {FAMILIES.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-json`}>Message as JSON</label>
        <textarea
          id={`${id}-json`}
          className="pb-schema"
          rows={6}
          spellCheck={false}
          value={json}
          onChange={(e) => {
            setJson(e.target.value);
            send.reset();
          }}
        />
      </div>
      <PreviewView preview={preview} />
      <div className="pk-buttons">
        <button
          type="submit"
          className="button"
          disabled={!connected || preview?.ok !== true || send.isPending}
        >
          Send Protobuf
        </button>
        {!connected && <span className="pk-muted">Connect as a device to send.</span>}
      </div>
      <div aria-live="polite">
        {send.data && (
          <p
            className={
              send.data.reasonCode === 0x99 ? 'pk-note pk-note--error' : 'pk-note pk-note--ok'
            }
          >
            {describeAck(send.data.reasonCode, send.data.latencyMs)}
          </p>
        )}
        {send.error && (
          <p className="pk-note pk-note--error" role="alert">
            Not sent: {errorMessage(send.error)}
          </p>
        )}
      </div>
    </form>
  );
}

function PreviewView({ preview }: { preview: EncodePreview | null }) {
  if (preview === null) return <p className="pk-muted">Loading the Protobuf encoder…</p>;
  if (!preview.ok)
    return (
      <p className="pk-note pk-note--error" role="alert">
        {preview.message}
      </p>
    );
  return (
    <div className="pb-preview">
      <p>
        <strong>{preview.messageName}</strong>, {preview.bytes.length} bytes:
      </p>
      <pre className="code-block" aria-label="Encoded bytes">
        {preview.hex || '(empty message)'}
      </pre>
      <table className="pb-stored" aria-label="What the platform will store">
        <thead>
          <tr>
            <th>Key</th>
            <th>Type</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {preview.stored.map((v) => (
            <tr key={v.key}>
              <td>{v.key}</td>
              <td>{v.type}</td>
              <td>
                {v.value}
                {v.ts === null ? '' : ` @ ${new Date(v.ts).toISOString()}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.stored.length === 0 && <p className="pk-muted">Nothing would be stored.</p>}
    </div>
  );
}
