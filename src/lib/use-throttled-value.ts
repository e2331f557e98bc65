import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `intervalMs`: the first change shows at once, later ones
 * within the interval are folded into one update at its end (the newest value always arrives).
 * Views of high-rate data (the message log at 1,000 packets a second) use it so that they render a
 * few times a second instead of every frame.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const current = useRef({ value, at: 0 });
  useEffect(() => {
    if (Object.is(value, current.current.value)) return;
    const show = () => {
      current.current = { value, at: Date.now() };
      setShown(() => value);
    };
    const wait = current.current.at + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => {
      clearTimeout(timer);
    };
  }, [value, intervalMs]);
  return shown;
}
