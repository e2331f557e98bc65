import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { DEFAULT_SCHEMAS, useProtobufDevice } from '@/lib/protobuf-device.ts';
import { useSession } from '@/lib/session-context.tsx';
import { PROFILE_SCHEMA_FIELDS } from '@/protocol/proto/profile-schema-defaults.ts';

import { schemasOfDeviceProfile } from '../api/profile-schemas-source.ts';
import type { SchemaProblems } from '../api/use-device-codec.ts';

const LABELS = {
  deviceTelemetryProtoSchema: 'Telemetry schema',
  deviceAttributesProtoSchema: 'Attributes schema',
  deviceRpcRequestProtoSchema: 'RPC request schema',
  deviceRpcResponseProtoSchema: 'RPC response schema',
} as const;

/**
 * Whether the device speaks Protobuf (its profile is PROTOBUF, device-api.md §2.3) and which schemas it uses:
 * the reference's defaults, edited by hand, or the device profile's (read through the operator API).
 */
export function ProtobufModeCard({ problems }: { problems: SchemaProblems }) {
  const id = useId();
  const session = useSession();
  const operator = useOperator();
  const { enabled, schemas, source } = useProtobufDevice(
    useShallow((s) => ({ enabled: s.enabled, schemas: s.schemas, source: s.source })),
  );
  const store = useProtobufDevice.getState();
  const [loading, setLoading] = useState<string | null>(null);

  const fromProfile = () => {
    const clientId = session.store.getState().clientId;
    if (clientId === null) {
      setLoading('Connect the device first: the broker finds its profile by the connection.');
      return;
    }
    setLoading('Reading the profile…');
    schemasOfDeviceProfile(operator, clientId).then(
      (found) => {
        store.applySchemas(found.schemas, { kind: 'profile', name: found.profileName });
        if (found.payloadType === 'PROTOBUF') store.setEnabled(true);
        setLoading(
          found.payloadType === 'PROTOBUF'
            ? null
            : `Profile ${found.profileName} is JSON: its devices speak JSON on v1 and bare v2 topics.`,
        );
      },
      (error: unknown) => {
        setLoading(
          `Could not read the profile: ${errorMessage(error)} (log in as operator, e.g. in the Both view).`,
        );
      },
    );
  };

  return (
    <section className="pk-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Protobuf device</h3>
      <label className="op-check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => {
            store.setEnabled(e.target.checked);
          }}
        />
        Speak Protobuf (the device&apos;s profile has payload type PROTOBUF)
      </label>
      <p className="pk-muted">
        Schemas:{' '}
        {source.kind === 'defaults'
          ? "the reference's defaults"
          : source.kind === 'edited'
            ? 'edited here'
            : `from profile ${source.name}`}
        . RPC requests (RPC tab), attribute requests (Attributes tab) and the Log use them while
        Protobuf is on.
      </p>
      <div className="pk-buttons">
        <button type="button" className="button button--secondary" onClick={fromProfile}>
          Take the schemas from the device&apos;s profile
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            store.applySchemas(DEFAULT_SCHEMAS, { kind: 'defaults' });
          }}
        >
          Use the reference defaults
        </button>
      </div>
      {loading !== null && (
        <p className="pk-note" role="status">
          {loading}
        </p>
      )}
      <details>
        <summary>Schemas</summary>
        {PROFILE_SCHEMA_FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{LABELS[field]}</label>
            <textarea
              id={`${id}-${field}`}
              className="pb-schema"
              rows={6}
              spellCheck={false}
              value={schemas[field]}
              aria-invalid={problems[field] !== undefined}
              onChange={(e) => {
                store.setSchema(field, e.target.value);
              }}
            />
            {problems[field] !== undefined && (
              <p className="field-error" role="alert">
                {LABELS[field]} does not compile: {problems[field]}
              </p>
            )}
          </div>
        ))}
      </details>
    </section>
  );
}
