import { useId, useState } from 'react';

import { NameFilterField } from '@/components/ui/name-filter-field.tsx';
import { useDeviceChoices } from '@/domain/operator/device-choices-query.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import {
  DOWNLINK_WHICH,
  FAULT_KINDS,
  OTA_FAULT_CODES,
  describeFault,
  type FaultKind,
} from '@protocol/faults.ts';

import {
  EMPTY_FAULT_FORM,
  KIND_FIELDS,
  faultRuleOf,
  type FaultFormProblems,
  type FaultFormValues,
} from '../api/fault-form-values.ts';
import { useAddFault } from '../api/use-fault-mutations.ts';

const WHICH_LABEL: Record<(typeof DOWNLINK_WHICH)[number], string> = {
  any: 'any broker → device message',
  rpc: 'RPC requests',
  attributes: 'attribute pushes',
  attributeResponse: 'attribute responses',
};

/**
 * `faults.add`: kind, device (or every device), how many times, and the kind's parameters. The
 * devices offered are searched on the server by "Name contains" (`shown`: the panel is open).
 */
export function FaultForm({ shown }: { shown: boolean }) {
  const id = useId();
  const [narrow, setNarrow] = useState('');
  const choices = useDeviceChoices(useOperator(), narrow, shown);
  const names = choices.devices.map((d) => d.name);
  const add = useAddFault();
  const [values, setValues] = useState<FaultFormValues>(EMPTY_FAULT_FORM);
  const [problems, setProblems] = useState<FaultFormProblems>({});
  const [done, setDone] = useState<string | null>(null);
  const fields = KIND_FIELDS[values.kind];
  const set = (patch: Partial<FaultFormValues>) => {
    setValues({ ...values, ...patch });
  };

  const submit = () => {
    setDone(null);
    const result = faultRuleOf(values);
    setProblems(result.ok ? {} : result.problems);
    if (!result.ok) return;
    add.mutate(result.rule, {
      onSuccess: (rule) => {
        setDone(`Added ${rule.id}: ${describeFault(rule)}.`);
      },
    });
  };

  const text = (field: 'count' | 'ms' | 'code', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        value={values[field]}
        autoComplete="off"
        aria-invalid={problems[field] !== undefined}
        aria-describedby={`${id}-${field}-hint`}
        onChange={(e) => {
          set({ [field]: e.target.value });
        }}
      />
      <p id={`${id}-${field}-hint`} className={problems[field] ? 'field-error' : 'pk-muted op-sub'}>
        {problems[field] ?? hint}
      </p>
    </div>
  );

  return (
    <form
      className="pk-card"
      aria-label="Add a fault"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3>Add a fault</h3>
      <p className="pk-muted">
        The broker misbehaves on purpose for device sessions (never for this console&apos;s operator
        session). Every time a rule fires, the device&apos;s events say so.
      </p>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Fault</label>
          <select
            id={`${id}-kind`}
            value={values.kind}
            onChange={(e) => {
              set({ kind: e.target.value as FaultKind });
            }}
          >
            {FAULT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </div>
        <NameFilterField
          id={`${id}-narrow`}
          value={narrow}
          onChange={setNarrow}
          note={choices.note}
        />
        <div className="field">
          <label htmlFor={`${id}-device`}>Device</label>
          <select
            id={`${id}-device`}
            value={values.device}
            onChange={(e) => {
              set({ device: e.target.value });
            }}
          >
            <option value="">Every device</option>
            {/* the chosen device stays offered when a new search leaves it out */}
            {values.device !== '' && !names.includes(values.device) && (
              <option value={values.device}>{values.device}</option>
            )}
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {text('count', 'Times', 'Empty: until removed.')}
        {fields.includes('ms') && text('ms', 'Delay (ms)', 'How late.')}
        {fields.includes('code') &&
          text('code', 'CONNACK code', '1–5 (MQTT 3.1.1) or 0x80–0x9F (MQTT 5).')}
        {fields.includes('which') && (
          <div className="field">
            <label htmlFor={`${id}-which`}>Messages</label>
            <select
              id={`${id}-which`}
              value={values.which}
              onChange={(e) => {
                set({ which: e.target.value as FaultFormValues['which'] });
              }}
            >
              {DOWNLINK_WHICH.map((w) => (
                <option key={w} value={w}>
                  {WHICH_LABEL[w]}
                </option>
              ))}
            </select>
          </div>
        )}
        {fields.includes('otaCode') && (
          <div className="field">
            <label htmlFor={`${id}-ota-code`}>Error</label>
            <select
              id={`${id}-ota-code`}
              value={values.otaCode}
              onChange={(e) => {
                set({ otaCode: e.target.value as FaultFormValues['otaCode'] });
              }}
            >
              {OTA_FAULT_CODES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={add.isPending}>
          Add fault
        </button>
      </div>
      <p aria-live="polite" className={problems.form || add.error ? 'text-danger' : 'pk-muted'}>
        {problems.form ??
          (add.error ? `The broker refused the rule: ${errorMessage(add.error)}` : done)}
      </p>
    </form>
  );
}
