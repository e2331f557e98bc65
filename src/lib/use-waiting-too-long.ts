import { useEffect, useMemo, useState } from 'react';

/** How long a QoS 1 publish may wait for its PUBACK before the panel says so. */
export const PUBACK_PATIENCE_MS = 5000;

/**
 * Whether `pending` has been true for `ms` without a break (a publish still waiting for its PUBACK).
 * Turns false again as soon as `pending` does.
 */
export function useWaitingTooLong(pending: boolean, ms = PUBACK_PATIENCE_MS): boolean {
  // one token per stretch of `pending`: a timer of an earlier stretch can never mark a later one
  const stretch = useMemo(() => (pending ? {} : null), [pending]);
  const [late, setLate] = useState<object | null>(null);
  useEffect(() => {
    if (stretch === null) return;
    const timer = setTimeout(() => {
      setLate(stretch);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [stretch, ms]);
  return stretch !== null && late === stretch;
}

/** What a panel says about a publish whose PUBACK has not come (dropped or held back by the broker). */
export function describeNoPuback(ms = PUBACK_PATIENCE_MS): string {
  return `No PUBACK after ${String(ms / 1000)} s: the broker has not acknowledged this publish. It may have been lost or held back (the operator's Faults tab drops or delays PUBACKs on purpose); the data may be stored all the same. You can send again.`;
}
