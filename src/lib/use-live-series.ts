import { useEffect, useState } from 'react';

import type { DeviceSeries, LiveSeries } from './live-series-store.ts';

/**
 * A device's live series for a view that redraws at most once per `intervalMs`: the caller renders
 * again when the series changed, the first change at once and later ones folded into one render at
 * the end of the interval. Other devices' points do not render it at all (a store selector would
 * run the component on every frame the series of any device change).
 */
export function useLiveSeries(
  live: LiveSeries,
  deviceId: string,
  intervalMs: number,
): DeviceSeries {
  const versionNow = () => live.store.getState().versions[deviceId] ?? 0;
  const [shown, setShown] = useState(versionNow);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let at = 0;
    const show = () => {
      timer = undefined;
      at = Date.now();
      setShown(versionNow());
    };
    const changed = () => {
      if (timer !== undefined) return;
      const wait = at + intervalMs - Date.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    };
    if (versionNow() !== shown) changed(); // changed between render and subscribing
    const stop = live.store.subscribe((state, before) => {
      if (state.versions[deviceId] !== before.versions[deviceId]) changed();
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
    // `shown` is read once, to catch a change before subscribing; re-subscribing on it is not needed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, deviceId, intervalMs]);
  return live.of(deviceId);
}
