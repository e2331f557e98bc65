import { useDeferredValue, useId, useMemo, useState } from 'react';

import { usePacketLog, useSession } from '@/lib/session-context.tsx';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { downloadLog } from '../api/export-log.ts';
import { filterLog } from '../api/filter-log.ts';

import { PacketDetail } from './packet-detail.tsx';
import { PacketList } from './packet-list.tsx';
import './log.css';

/** How often the log view refreshes at most, ms. */
const LOG_REFRESH_MS = 100;

/** Every packet in and out, filterable, pausable and exportable (bounded ring buffer). */
export function LogPanel() {
  const id = useId();
  const session = useSession();
  // The log changes every frame under load; showing it ten times a second is plenty to read.
  const live = useThrottledValue(
    usePacketLog((log) => log.entries),
    LOG_REFRESH_MS,
  );
  const total = useThrottledValue(
    usePacketLog((log) => log.total),
    LOG_REFRESH_MS,
  );
  const capacity = usePacketLog((log) => log.capacity);
  const [paused, setPaused] = useState<{
    entries: readonly PacketLogEntry[];
    total: number;
  } | null>(null);
  const [topic, setTopic] = useState('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const source = paused?.entries ?? live;
  const deferredTopic = useDeferredValue(topic);
  const deferredText = useDeferredValue(text);
  const shown = useMemo(
    () => filterLog(source, { topic: deferredTopic, text: deferredText }),
    [source, deferredTopic, deferredText],
  );
  const selected = selectedId === null ? undefined : source.find((e) => e.id === selectedId);

  return (
    <section className="log-panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="visually-hidden">
        Message log
      </h3>
      <div className="log-toolbar">
        <div className="field">
          <label htmlFor={`${id}-topic`}>Filter by topic</label>
          <input
            id={`${id}-topic`}
            type="search"
            placeholder="e.g. telemetry or v1/devices/me/rpc/+/+"
            value={topic}
            onChange={(e) => {
              setTopic(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Filter by text</label>
          <input
            id={`${id}-text`}
            type="search"
            placeholder="payload, packet type, code"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            aria-pressed={paused !== null}
            onClick={() => {
              setPaused(paused === null ? { entries: live, total } : null);
            }}
          >
            {paused === null ? 'Pause' : 'Resume'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              session.packetLog.clear();
              setPaused(null);
              setSelectedId(null);
            }}
          >
            Clear
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              downloadLog(shown);
            }}
          >
            Export JSON
          </button>
          <label className="choice">
            <input
              type="checkbox"
              checked={follow}
              onChange={(e) => {
                setFollow(e.target.checked);
              }}
            />
            Follow newest
          </label>
        </div>
      </div>
      <p className="hint" role="status" aria-label="Log count">
        Showing {shown.length} of {source.length} packets (keeps the last {capacity}; {total} since
        cleared).
        {paused !== null && ` Paused: ${String(total - paused.total)} new packets not shown.`}
      </p>
      <div className="log-body">
        <PacketList
          entries={shown}
          selectedId={selectedId}
          onSelect={setSelectedId}
          follow={follow && paused === null}
        />
        <aside className="log-detail card" aria-label="Packet detail">
          <PacketDetail entry={selected} />
        </aside>
      </div>
    </section>
  );
}
