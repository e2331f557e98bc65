import { SUCCESS_SEQUENCE } from '../api/ota-update.ts';
import type { OtaRun } from '../stores/ota-run-store.ts';

/** The `fw_state` values reported so far, against the sequence real firmware reports (spec §11). */
export function OtaStateSteps({ run, stateKey }: { run: OtaRun; stateKey: string }) {
  const reported = new Map(run.states.map((s) => [s.state, s.reported]));
  const failed = reported.has('FAILED');
  const steps = failed
    ? [...SUCCESS_SEQUENCE.filter((s) => reported.has(s)), 'FAILED' as const]
    : SUCCESS_SEQUENCE;
  const last = run.states.at(-1);

  return (
    <div className="pk-panel">
      <ol className="pk-steps" aria-label={`Reported ${stateKey}`}>
        {steps.map((state) => {
          const sent = reported.get(state);
          const tone =
            sent === undefined ? undefined : !sent || state === 'FAILED' ? 'danger' : 'ok';
          return (
            <li key={state}>
              <span
                className="pk-badge"
                data-tone={tone}
                aria-current={last?.state === state ? 'step' : undefined}
              >
                {state}
                {sent === false ? ' (not sent)' : ''}
              </span>
            </li>
          );
        })}
      </ol>
      {last !== undefined && (
        <p className="pk-muted" aria-live="polite">
          Reported <code>{stateKey}</code> = {last.state}
          {last.reported
            ? ''
            : ' — not sent yet: the broker closed the connection. It is sent when you connect as this device again.'}
        </p>
      )}
    </div>
  );
}
