/** The longest delay `setTimeout` honours (~24.8 days); a longer one fires at once (TimeoutOverflowWarning). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A timer that may lie any distance in the future. */
export interface LongTimer {
  cancel(): void;
}

/**
 * Calls `fn` once at the epoch time `at` (ms; a past time fires on the next turn). Delays beyond
 * `MAX_TIMER_DELAY_MS` are waited out in steps: each step re-reads the clock and re-arms for what is
 * left. The timer never keeps the process alive (unref'd).
 */
export function setLongTimeout(fn: () => void, at: number): LongTimer {
  let handle: NodeJS.Timeout | null = null;
  const arm = () => {
    const left = at - Date.now();
    if (left > MAX_TIMER_DELAY_MS) {
      handle = setTimeout(arm, MAX_TIMER_DELAY_MS);
    } else {
      handle = setTimeout(
        () => {
          handle = null;
          fn();
        },
        Math.max(0, left),
      );
    }
    handle.unref();
  };
  arm();
  return {
    cancel() {
      if (handle) clearTimeout(handle);
      handle = null;
    },
  };
}
