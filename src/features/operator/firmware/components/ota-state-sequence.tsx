import { OTA_STATES } from '@protocol/codecs/firmware.ts';

const SUCCESS = OTA_STATES.filter((s) => s !== 'FAILED');

/**
 * QUEUED → INITIATED → DOWNLOADING → DOWNLOADED → VERIFIED → UPDATING → UPDATED (spec §11), the ones
 * reached marked; after FAILED, the states seen live before it and FAILED.
 */
export function OtaStateSequence({
  state,
  seen,
  label,
}: {
  state: string | null;
  /** States this tab saw in events, oldest first. */
  seen: readonly string[];
  label: string;
}) {
  const failed = state === 'FAILED';
  const steps: readonly string[] = failed
    ? [...SUCCESS.filter((s) => seen.includes(s)), 'FAILED']
    : SUCCESS;
  const reached = state === null ? -1 : steps.indexOf(state);
  return (
    <ol className="pk-steps" aria-label={label}>
      {steps.map((step, index) => (
        <li key={step}>
          <span
            className="pk-badge"
            data-tone={step === 'FAILED' ? 'danger' : index <= reached ? 'ok' : undefined}
            aria-current={step === state ? 'step' : undefined}
          >
            {step}
          </span>
        </li>
      ))}
    </ol>
  );
}
