import { generateCredential } from '../api/generate-credential.ts';

export interface CredentialFieldProps {
  id: string;
  label: string;
  value: string;
  problem: string | undefined;
  onChange: (value: string) => void;
}

/** A provision key or secret input with a "Generate" button (20 random characters, as the platform). */
export function CredentialField({ id, label, value, problem, onChange }: CredentialFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field__with-button">
        <input
          id={id}
          className="mono"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? undefined : `${id}-problem`}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Generate ${label.toLowerCase()}`}
          onClick={() => {
            onChange(generateCredential());
          }}
        >
          Generate
        </button>
      </div>
      {problem !== undefined && (
        <p id={`${id}-problem`} className="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}
