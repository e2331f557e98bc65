import { useState } from 'react';

import {
  DEFAULT_PROTO_PROFILE_SETTINGS,
  PROFILE_SCHEMA_FIELDS,
  type ProfileSchemaField,
} from '@protocol/proto/profile-schema-defaults.ts';

import { compileSchemaText, type CompileOutcome } from '../api/compile-schema.ts';
import type { DraftProblems, ProfileDraft } from '../api/profile-draft.ts';

import './proto-schemas.css';

const LABELS: Record<ProfileSchemaField, { label: string; use: string }> = {
  deviceTelemetryProtoSchema: {
    label: 'Telemetry schema',
    use: 'decodes what the device publishes as telemetry',
  },
  deviceAttributesProtoSchema: {
    label: 'Attributes schema',
    use: 'decodes the client attributes the device publishes',
  },
  deviceRpcRequestProtoSchema: {
    label: 'RPC request schema',
    use: 'encodes the server-side RPCs sent to the device',
  },
  deviceRpcResponseProtoSchema: {
    label: 'RPC response schema',
    use: "decodes the device's replies to them",
  },
};

interface Props {
  id: string;
  draft: ProfileDraft;
  problems: DraftProblems;
  set: (patch: Partial<ProfileDraft>) => void;
}

/**
 * A PROTOBUF profile's four .proto schemas and the JSON downlink switch (device-api.md §2.3): each schema with
 * a Compile check that shows the message the broker will use, or the parser's message.
 */
export function ProtoSchemasFieldset({ id, draft, problems, set }: Props) {
  const [checks, setChecks] = useState<Partial<Record<ProfileSchemaField, CompileOutcome>>>({});
  const compile = (field: ProfileSchemaField) => {
    void compileSchemaText(draft[field]).then((outcome) => {
      setChecks((previous) => ({ ...previous, [field]: outcome }));
    });
  };
  return (
    <fieldset className="pk-schemas">
      <legend>Protobuf schemas (proto3; the last top-level message is the one used)</legend>
      {PROFILE_SCHEMA_FIELDS.map((field) => {
        const check = checks[field];
        const problem = problems[field];
        return (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{LABELS[field].label}</label>
            <p className="pk-muted" id={`${id}-${field}-use`}>
              The {LABELS[field].label.toLowerCase()} {LABELS[field].use}.
            </p>
            <textarea
              id={`${id}-${field}`}
              className="pk-schema"
              rows={8}
              spellCheck={false}
              value={draft[field]}
              aria-describedby={`${id}-${field}-use`}
              aria-invalid={problem !== undefined || check?.ok === false}
              onChange={(e) => {
                set({ [field]: e.target.value });
                setChecks((previous) => ({ ...previous, [field]: undefined }));
              }}
            />
            <div className="pk-buttons">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  compile(field);
                }}
              >
                Compile {LABELS[field].label.toLowerCase()}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  set({ [field]: DEFAULT_PROTO_PROFILE_SETTINGS[field] });
                  setChecks((previous) => ({ ...previous, [field]: undefined }));
                }}
              >
                Use the default
              </button>
            </div>
            <div aria-live="polite">
              {check?.ok === true && (
                <p className="pk-note pk-note--ok" role="status">
                  Compiles: the broker will use message {check.messageName}.
                </p>
              )}
              {check?.ok === false && (
                <p className="field-error" role="alert">
                  Does not compile: {check.message}
                </p>
              )}
              {problem !== undefined && <p className="field-error">{problem}</p>}
            </div>
          </div>
        );
      })}
      <label className="op-check">
        <input
          type="checkbox"
          checked={
            draft.enableCompatibilityWithJsonPayloadFormat &&
            draft.useJsonPayloadFormatForDefaultDownlinkTopics
          }
          disabled={!draft.enableCompatibilityWithJsonPayloadFormat}
          onChange={(e) => {
            set({ useJsonPayloadFormatForDefaultDownlinkTopics: e.target.checked });
          }}
        />
        Send JSON on v1 topics (needs “Also accept JSON payloads”)
      </label>
    </fieldset>
  );
}
