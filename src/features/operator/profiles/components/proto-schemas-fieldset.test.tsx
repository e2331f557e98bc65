import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { DEFAULT_TELEMETRY_PROTO_SCHEMA } from '@protocol/proto/profile-schema-defaults.ts';

import { EMPTY_DRAFT, type ProfileDraft } from '../api/profile-draft.ts';

import { ProtoSchemasFieldset } from './proto-schemas-fieldset.tsx';

function Harness() {
  const [draft, setDraft] = useState<ProfileDraft>({ ...EMPTY_DRAFT, payloadType: 'PROTOBUF' });
  return (
    <ProtoSchemasFieldset
      id="t"
      draft={draft}
      problems={{}}
      set={(patch) => {
        setDraft({ ...draft, ...patch });
      }}
    />
  );
}

describe('ProtoSchemasFieldset', () => {
  it('shows the default schemas and the message a Compile check finds', async () => {
    render(<Harness />);
    const telemetry = screen.getByLabelText<HTMLTextAreaElement>('Telemetry schema');
    expect(telemetry.value).toBe(DEFAULT_TELEMETRY_PROTO_SCHEMA);
    fireEvent.click(screen.getByRole('button', { name: 'Compile telemetry schema' }));
    expect((await screen.findByRole('status', {}, { timeout: 10_000 })).textContent).toBe(
      'Compiles: the broker will use message telemetry.SensorDataReading.',
    );
  });

  it("shows the parser's message for a schema that does not compile, and the default brings it back", async () => {
    render(<Harness />);
    const attributes = screen.getByLabelText<HTMLTextAreaElement>('Attributes schema');
    fireEvent.change(attributes, {
      target: { value: 'syntax = "proto3"; message A { int32 a = 1 }' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Compile attributes schema' }));
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toBe(
      "Does not compile: illegal token '}', ';' expected (line 1)",
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Use the default' })[1] as HTMLElement);
    expect(attributes.value).toMatch(/message SensorConfiguration/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the JSON downlink switch needs JSON compatibility', () => {
    render(<Harness />);
    expect(screen.getByRole('checkbox', { name: /Send JSON on v1 topics/ })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
