import { filterMatches } from '@/protocol/topics.ts';
import type { PacketLogEntry } from '@/session/packet-log-store.ts';

export interface LogFilter {
  /** An MQTT filter when it has `+` or `#`, otherwise a case-insensitive part of the topic. */
  topic: string;
  /** A case-insensitive part of the payload, kind, codes or filters. */
  text: string;
}

function topicTest(filter: string): (topic: string | null) => boolean {
  const wanted = filter.trim();
  if (wanted === '') return () => true;
  if (/[+#]/.test(wanted)) return (topic) => topic !== null && filterMatches(wanted, topic);
  const lower = wanted.toLowerCase();
  return (topic) => topic !== null && topic.toLowerCase().includes(lower);
}

function haystack(entry: PacketLogEntry): string {
  return [
    entry.kind,
    entry.direction,
    entry.payloadText ?? '',
    ...entry.filters,
    entry.codes.join(' '),
  ]
    .join(' ')
    .toLowerCase();
}

/** The entries that pass both filters, in order. Subscribe packets match a topic filter by their filters. */
export function filterLog(
  entries: readonly PacketLogEntry[],
  filter: LogFilter,
): readonly PacketLogEntry[] {
  const text = filter.text.trim().toLowerCase();
  if (filter.topic.trim() === '' && text === '') return entries;
  const topicOk = topicTest(filter.topic);
  const noTopic = filter.topic.trim() === '';
  return entries.filter(
    (entry) =>
      (noTopic || topicOk(entry.topic) || entry.filters.some((f) => topicOk(f))) &&
      (text === '' || haystack(entry).includes(text)),
  );
}
