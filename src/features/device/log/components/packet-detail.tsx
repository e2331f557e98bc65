import { prettyJson } from '@/lib/json-input.ts';
import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { clock, hex } from './packet-row.tsx';
import { ProtobufPayload } from './protobuf-payload.tsx';

/** Everything about one packet, the payload pretty-printed when it is JSON. */
export function PacketDetail({ entry }: { entry: PacketLogEntry | undefined }) {
  if (entry === undefined) {
    return <p className="hint">Select a packet to see it in full.</p>;
  }
  const rows: [string, string][] = [
    ['Time', `${clock(entry.time)} (${new Date(entry.time).toISOString()})`],
    ['Direction', entry.direction === 'out' ? 'sent by the console' : 'received from the broker'],
    ['Packet', entry.kind.toUpperCase()],
  ];
  if (entry.topic !== null) rows.push(['Topic', entry.topic]);
  if (entry.qos !== null) rows.push(['QoS', String(entry.qos)]);
  if (entry.messageId !== null && entry.messageId > 0)
    rows.push(['Packet id', String(entry.messageId)]);
  if (entry.kind === 'publish') rows.push(['Payload size', `${String(entry.size)} bytes`]);
  if (entry.latencyMs !== null) rows.push(['Ack latency', `${entry.latencyMs.toFixed(1)} ms`]);
  if (entry.codes.length > 0) rows.push(['Codes', entry.codes.map(hex).join(' ')]);
  if (entry.filters.length > 0) rows.push(['Filters', entry.filters.join(', ')]);

  return (
    <div className="packet-detail">
      <dl>
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ProtobufPayload entry={entry} />
      {entry.payloadText !== null && (
        <>
          <h4>
            {entry.kind === 'close' ? 'Reason' : entry.binary ? 'Payload (not UTF-8)' : 'Payload'}
          </h4>
          <pre className="code-block" tabIndex={0} aria-label="Payload">
            {entry.binary ? entry.payloadText : prettyJson(entry.payloadText)}
            {entry.truncated ? '\n… (cut: the log keeps the first 4 KiB)' : ''}
          </pre>
        </>
      )}
    </div>
  );
}
