import type { InboxStatus } from '../stores/rpc-inbox-store.ts';

const LABELS: Record<InboxStatus, { text: string; tone: string }> = {
  pending: { text: 'Waiting for reply', tone: 'warn' },
  scheduled: { text: 'Auto reply scheduled', tone: 'accent' },
  replied: { text: 'Replied', tone: 'ok' },
  'auto-replied': { text: 'Auto-replied', tone: 'ok' },
  ignored: { text: 'Not answered', tone: 'muted' },
  failed: { text: 'Failed', tone: 'danger' },
};

export function RpcStatusBadge({ status }: { status: InboxStatus }) {
  const label = LABELS[status];
  return (
    <span className="pk-badge" data-tone={label.tone}>
      {label.text}
    </span>
  );
}
