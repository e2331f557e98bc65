import { useState } from 'react';

import { CopyButton } from './copy-button.tsx';

/** A provision secret shown as dots until "Show" is pressed, with a copy button. */
export function MaskedSecret({
  secret,
  profileName,
}: {
  secret: string | null;
  profileName: string;
}) {
  const [shown, setShown] = useState(false);
  if (secret === null) return <span className="pk-muted">none</span>;
  return (
    <div className="pk-buttons">
      <code aria-label={`Provision secret of ${profileName}`}>
        {shown ? secret : '•'.repeat(Math.min(secret.length, 12))}
      </code>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-pressed={shown}
        aria-label={`Show secret of ${profileName}`}
        onClick={() => {
          setShown(!shown);
        }}
      >
        {shown ? 'Hide' : 'Show'}
      </button>
      <CopyButton text={secret} label={`Copy secret of ${profileName}`} />
    </div>
  );
}
