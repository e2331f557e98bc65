import type { PacketLogEntry } from '@/session/packet-log-store.ts';

/** The log as pretty JSON: one object per packet, time as ISO text too. */
export function logToJson(entries: readonly PacketLogEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({ ...entry, isoTime: new Date(entry.time).toISOString() })),
    null,
    2,
  );
}

/** Offers the log as a JSON file download. */
export function downloadLog(entries: readonly PacketLogEntry[], now: Date = new Date()): void {
  const blob = new Blob([logToJson(entries)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `iothub-packet-log-${now.toISOString().replace(/[:.]/g, '-')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
