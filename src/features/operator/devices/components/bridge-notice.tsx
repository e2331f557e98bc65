import { useQuery } from '@tanstack/react-query';

import { brokerInfoQueryOptions } from '@/lib/broker-info-query.ts';
import { useOperatorStatus } from '@/lib/operator-context.tsx';

/**
 * In bridge mode the operator works against this broker only (ADR 0008): says that bridged devices
 * are managed on the upstream hub and are not in this list. Nothing on an ordinary broker.
 */
export function BridgeNotice() {
  const brokerUrl = useOperatorStatus((s) => s.brokerUrl);
  const connectSeq = useOperatorStatus((s) => s.connectSeq);
  const { data } = useQuery({
    ...brokerInfoQueryOptions(brokerUrl ?? '', null, connectSeq),
    enabled: brokerUrl !== null,
  });
  const bridge = data?.bridge;
  if (!bridge) return null;
  return (
    <p className="pk-note" role="note" aria-label="Bridge mode">
      Bridge mode: {bridge.scope === 'all' ? 'every device session' : 'the listed device sessions'}{' '}
      connecting here {bridge.scope === 'all' ? 'is' : 'are'} relayed to the upstream hub{' '}
      <strong>{bridge.upstream}</strong>. Bridged devices are managed on the upstream hub and are
      not in this list; this view shows only this broker’s local devices.
    </p>
  );
}
