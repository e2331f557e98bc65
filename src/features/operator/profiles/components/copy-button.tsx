import { useState } from 'react';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy secret of fleet". */
  label: string;
}

/** Copies `text` to the clipboard and says whether it worked (next to the button, politely). */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('Copied');
    } catch {
      setOutcome('Copy refused by the browser: select the text and press Ctrl+C');
    }
  };
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={label}
        onClick={() => void copy()}
      >
        Copy
      </button>
      <span className="pk-muted op-copied" role="status">
        {outcome}
      </span>
    </>
  );
}
