import { DualTimelineView } from '@/features/both/timeline/components/dual-timeline-view.tsx';
import type { DualTimeline } from '@/lib/dual-timeline.ts';

import { DeviceLayout } from '../device-layout.tsx';

import { OperatorRoute } from './operator.tsx';

/**
 * Both roles in one tab: the device panels (the app's device session) beside the operator (its own
 * session), and the shared timeline linking each operator action to what the device saw.
 */
export function BothRoute({ timeline }: { timeline: DualTimeline }) {
  return (
    <main className="both" id="panels" tabIndex={-1}>
      <DualTimelineView timeline={timeline} />
      <div className="both__split">
        <section className="both__side" aria-label="Device side">
          <DeviceLayout nested />
        </section>
        <section className="both__side both__side--operator" aria-label="Operator side">
          <OperatorRoute param="opanel" />
        </section>
      </div>
    </main>
  );
}
