import { useEffect, useState } from 'react';

/** The label of the button; the notice's words name it exactly so (issue 9 §5). */
export const RETRY_NOW_LABEL = 'Retry now';

/** "Reconnecting in 3 s (attempt 4)", or "Reconnecting… (attempt 4)" while the attempt runs. */
export function reconnectHeadline(attempt: number, retryAt: number | null, now: number): string {
  if (retryAt === null) return `Reconnecting… (attempt ${String(attempt)})`;
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return `Reconnecting in ${String(seconds)} s (attempt ${String(attempt)})`;
}

/** `Date.now()`, re-read every `periodMs` while the component is mounted. */
function useNow(periodMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, periodMs);
    return () => {
      clearInterval(timer);
    };
  }, [periodMs]);
  return now;
}

/**
 * What a reconnecting session shows: the countdown to the next attempt, its number, and a
 * **Retry now** button that tries at once (disabled while an attempt is on its way). `connection`
 * names the session in the button's accessible name ("Retry now (device connection)"): the split
 * view shows two of these at once.
 */
export function ReconnectNotice({
  attempt,
  retryAt,
  onRetry,
  connection,
}: {
  attempt: number;
  retryAt: number | null;
  onRetry: () => void;
  connection: string;
}) {
  const now = useNow();
  return (
    // The countdown changes every second: kept out of the surrounding status live region.
    <div className="reconnect-notice" aria-live="off">
      <span className="reconnect-notice__text">
        {reconnectHeadline(attempt, retryAt, now)}. The console keeps trying while this page is
        open; press {RETRY_NOW_LABEL} to try at once.
      </span>{' '}
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={retryAt === null}
        aria-label={`${RETRY_NOW_LABEL} (${connection})`}
        onClick={onRetry}
      >
        {RETRY_NOW_LABEL}
      </button>
    </div>
  );
}
