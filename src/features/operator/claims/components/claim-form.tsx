import { useId, useState } from 'react';

import { useDeviceChoices } from '@/domain/operator/device-choices-query.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { CustomerDto } from '@protocol/operator-claim-dto.ts';

import type { ClaimOutcome } from '../api/claim-outcome.ts';
import { claimFormProblems, claimOutcome } from '../api/claim-outcome.ts';
import { useClaimDevice } from '../api/use-claim-mutations.ts';

import { WaitingRegistrations } from './waiting-registrations.tsx';

export interface ClaimFormProps {
  customers: readonly CustomerDto[];
  /** Whether the Claiming tab is open (its lists are asked for then). */
  shown: boolean;
}

/**
 * `claim.claim`: a device by name and the secret it registered, for a customer (new names create
 * one). The names offered while typing are searched on the server among every device.
 */
export function ClaimForm({ customers, shown }: ClaimFormProps) {
  const id = useId();
  const claim = useClaimDevice();
  const [fields, setFields] = useState({ deviceName: '', secretKey: '', customer: '' });
  const choices = useDeviceChoices(useOperator(), fields.deviceName, shown);
  const [problems, setProblems] = useState<{ deviceName?: string; customer?: string }>({});
  const [outcome, setOutcome] = useState<ClaimOutcome | null>(null);

  const submit = () => {
    const found = claimFormProblems(fields);
    setProblems(found);
    setOutcome(null);
    if (Object.keys(found).length > 0) return;
    const deviceName = fields.deviceName.trim();
    const known = customers.map((c) => c.name);
    claim.mutate(
      { deviceName, customer: fields.customer.trim(), secretKey: fields.secretKey },
      {
        onSuccess: (value) => {
          setOutcome(claimOutcome({ ok: true, value }, deviceName, known));
        },
        onError: (error) => {
          setOutcome(claimOutcome({ ok: false, error }, deviceName, known));
        },
      },
    );
  };

  const input = (
    field: keyof typeof fields,
    label: string,
    extra: { list?: string; problem?: string | undefined; hint?: string } = {},
  ) => {
    const described = [
      extra.problem === undefined ? '' : `${id}-${field}-problem`,
      extra.hint === undefined ? '' : `${id}-${field}-hint`,
    ].filter((ref) => ref !== '');
    return (
      <div className="field">
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          value={fields[field]}
          autoComplete="off"
          list={extra.list}
          aria-invalid={extra.problem !== undefined}
          aria-describedby={described.length === 0 ? undefined : described.join(' ')}
          onChange={(e) => {
            setFields({ ...fields, [field]: e.target.value });
          }}
        />
        {extra.hint !== undefined && (
          <p id={`${id}-${field}-hint`} className="pk-muted op-sub">
            {extra.hint}
          </p>
        )}
        {extra.problem !== undefined && (
          <p id={`${id}-${field}-problem`} className="field-error">
            {extra.problem}
          </p>
        )}
      </div>
    );
  };

  return (
    <form
      className="pk-card"
      aria-label="Claim a device"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3>Claim a device</h3>
      <p className="pk-muted">
        The device first registers a secret (its Claim panel, or a publish to its claim topic);
        claim it here with the same secret for a customer.
      </p>
      <WaitingRegistrations
        shown={shown}
        onPick={(deviceName) => {
          setFields({ ...fields, deviceName });
        }}
      />
      <div className="pk-row">
        {input('deviceName', 'Device name', {
          list: `${id}-devices`,
          problem: problems.deviceName,
        })}
        {input('secretKey', 'Secret key', { hint: 'Empty if the device registered none.' })}
        {input('customer', 'Customer', {
          list: `${id}-customers`,
          problem: problems.customer,
          hint: 'A new name creates the customer.',
        })}
      </div>
      <datalist id={`${id}-devices`}>
        {choices.devices.map((d) => (
          <option key={d.id} value={d.name} />
        ))}
      </datalist>
      <datalist id={`${id}-customers`}>
        {customers.map((c) => (
          <option key={c.id} value={c.name} />
        ))}
      </datalist>
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={claim.isPending}>
          Claim device
        </button>
        {claim.isPending && <span className="pk-muted">Claiming…</span>}
      </div>
      <div role="status" aria-label="Claim result">
        {outcome && (
          <p className={`pk-note pk-note--${outcome.result === 'SUCCESS' ? 'ok' : 'error'}`}>
            {outcome.text}
          </p>
        )}
      </div>
    </form>
  );
}
