import { useId } from 'react';

import { readJsonInput } from '@/lib/json-input.ts';

import './panel-kit.css';

export interface JsonFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Whether an empty editor is acceptable (e.g. optional params); default false. */
  allowEmpty?: boolean;
  rows?: number;
  hint?: string;
  disabled?: boolean;
  /** Ctrl+Enter (⌘+Enter) in the editor calls this, as in most code editors. */
  onSubmitShortcut?: () => void;
}

/**
 * A labelled JSON editor that validates as the user types and says so before anything is sent:
 * invalid JSON is an error, lenient JSON (spec §4.1) a note that it will be sent as strict JSON.
 */
export function JsonField({
  label,
  value,
  onChange,
  allowEmpty = false,
  rows = 4,
  hint,
  disabled = false,
  onSubmitShortcut,
}: JsonFieldProps) {
  const id = useId();
  const input = readJsonInput(value);
  const problem = !input.ok
    ? input.message
    : input.empty && !allowEmpty
      ? 'Enter a JSON value.'
      : null;
  const note =
    input.ok && !input.empty && input.lenient ? `Lenient JSON; sent as ${input.json}` : null;
  const describedBy = [hint ? `${id}-hint` : null, problem || note ? `${id}-check` : null]
    .filter((part) => part !== null)
    .join(' ');

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code-input"
        rows={rows}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        value={value}
        aria-invalid={problem !== null}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmitShortcut) {
            event.preventDefault();
            onSubmitShortcut();
          }
        }}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {(problem ?? note) !== null && (
        <p id={`${id}-check`} className={problem ? 'field-error' : 'hint'}>
          {problem ?? note}
        </p>
      )}
    </div>
  );
}
