import { useId } from 'react';
import { useStore } from 'zustand';

import type { TimelineEntry } from '@/lib/dual-timeline-entry.ts';
import type { DualTimeline } from '@/lib/dual-timeline.ts';

/** "operator RPC #3 setMode → device received 12 ms → replied 40 ms → operator got result 43 ms" */
export function describeEntry(entry: TimelineEntry): string {
  return [
    entry.title,
    ...entry.steps.map((s) => `${s.label} ${String(Math.max(0, s.at - entry.startedAt))} ms`),
  ].join(' → ');
}

/** The split view's shared timeline, newest first; latencies measured from the operator's request. */
export function DualTimelineView({ timeline }: { timeline: DualTimeline }) {
  const id = useId();
  const entries = useStore(timeline, (s) => s.entries);
  const clear = useStore(timeline, (s) => s.clear);
  return (
    <section className="pk-card op-timeline" aria-labelledby={`${id}-h`}>
      <div className="pk-buttons">
        <h2 id={`${id}-h`}>Shared timeline</h2>
        <button type="button" className="button button--secondary button--small" onClick={clear}>
          Clear timeline
        </button>
      </div>
      {entries.length === 0 && (
        <p className="pk-muted">
          Operator RPCs, shared attributes and firmware assignments appear here with what the device
          side saw, and when.
        </p>
      )}
      {/* Scrolls when long: focusable, so keyboard users can scroll it (axe scrollable-region-focusable). */}
      <ol className="op-timeline__list" aria-label="Timeline entries" reversed tabIndex={0}>
        {entries
          .slice()
          .reverse()
          .map((entry) => (
            <li key={entry.id} className="mono">
              {describeEntry(entry)}
            </li>
          ))}
      </ol>
    </section>
  );
}
