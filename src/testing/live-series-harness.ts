import type { OperatorEvent } from '@/client/operator-client.ts';
import { createLiveSeries } from '@/lib/live-series-store.ts';

/**
 * A live series store fed by hand: `telemetry` delivers one telemetry event as the operator client
 * would, `frame` runs the animation frames scheduled so far (and `frames` shows what is scheduled).
 */
export function liveSeriesHarness() {
  let listener: (event: OperatorEvent) => void = () => undefined;
  const frames: (() => void)[] = [];
  const live = createLiveSeries(
    (l) => {
      listener = l;
    },
    (flush) => frames.push(flush),
  );
  const telemetry = (deviceId: string, points: { key: string; value: unknown; ts: number }[]) => {
    listener({
      deviceId,
      kind: 'telemetry',
      receivedAt: 0,
      payload: {
        deviceId,
        deviceName: null,
        points: points.map((p) => ({ ...p, type: 'DOUBLE' })),
      },
    });
  };
  const frame = () => {
    for (const flush of frames.splice(0)) flush();
  };
  return { live, telemetry, frame, frames };
}
