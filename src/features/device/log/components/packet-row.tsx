import { memo } from 'react';

import type { PacketLogEntry } from '@/session/packet-log-store.ts';

export function clock(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** The topic column: a PUBLISH's topic, or the filters a (UN)SUBSCRIBE names. */
export function packetTopic(entry: PacketLogEntry): string {
  return entry.topic ?? entry.filters.join(', ');
}

/** What a row says after its topic: codes or the payload's start. */
export function packetSummary(entry: PacketLogEntry): string {
  if (entry.kind === 'publish') return entry.payloadText ?? '';
  const parts: string[] = [];
  if (entry.topic !== null && entry.filters.length > 0) parts.push(entry.filters.join(', '));
  if (entry.codes.length > 0) parts.push(`codes ${entry.codes.map(hex).join(' ')}`);
  if (entry.kind === 'close' && entry.payloadText !== null) parts.push(entry.payloadText);
  return parts.join(' · ');
}

/**
 * One packet as a listbox option: time, direction, kind, topic, QoS, size, latency and a payload
 * preview. Memoised: entries never change, so only rows that scroll in are rendered.
 */
export const PacketRow = memo(function PacketRow(props: {
  entry: PacketLogEntry;
  id: string;
  top: number;
  selected: boolean;
  onSelect: (id: number) => void;
}) {
  const { entry } = props;
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={props.selected}
      className="packet-row"
      data-direction={entry.direction}
      data-kind={entry.kind}
      style={{ transform: `translateY(${String(props.top)}px)` }}
      onClick={() => {
        props.onSelect(entry.id);
      }}
    >
      <span className="packet-row__time">{clock(entry.time)}</span>
      <span className="packet-row__dir">{entry.direction === 'out' ? '→ out' : '← in'}</span>
      <span className="packet-row__kind">{entry.kind}</span>
      <span className="packet-row__topic" title={packetTopic(entry)}>
        {packetTopic(entry)}
      </span>
      <span className="packet-row__meta">
        {entry.qos === null ? '' : `QoS ${String(entry.qos)}`}
        {entry.kind === 'publish' ? ` · ${String(entry.size)} B` : ''}
        {entry.latencyMs === null ? '' : ` · ${entry.latencyMs.toFixed(1)} ms`}
      </span>
      <span className="packet-row__payload">{packetSummary(entry)}</span>
    </div>
  );
});
