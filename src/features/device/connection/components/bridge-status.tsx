import { useQuery } from '@tanstack/react-query';

import { brokerInfoQueryOptions } from '@/lib/broker-info-query.ts';
import { useSessionStatus } from '@/lib/session-context.tsx';

/**
 * Bridge mode in the connection status (ADR 0008): asks the broker's `/api/info` once per connect.
 * A bridged session says so and where its device is managed; an unbridged one on a bridge, or a
 * refusal from a bridge, says where the answer came from. Nothing at all on an ordinary broker.
 */
export function BridgeStatus() {
  const status = useSessionStatus((s) => s.status);
  const brokerUrl = useSessionStatus((s) => s.brokerUrl);
  const clientId = useSessionStatus((s) => s.clientId);
  const connectSeq = useSessionStatus((s) => s.connectSeq);
  const connected = status === 'connected';
  const { data } = useQuery({
    ...brokerInfoQueryOptions(brokerUrl ?? '', connected ? clientId : null, connectSeq),
    enabled: brokerUrl !== null && (connected || status === 'error'),
  });
  const bridge = data?.bridge;
  if (!bridge) return null;
  if (connected && data.session?.bridged === true)
    return (
      <div className="connection-status__bridge">
        <p>
          Via bridge to <strong>{bridge.upstream}</strong>
        </p>
        <p className="hint">
          This device is managed on the upstream hub: its telemetry, attributes, RPCs and firmware
          live there, and this broker stores nothing of it. Use the hub’s own UI to manage it; the
          Operator view here shows only this broker’s local devices.
        </p>
      </div>
    );
  if (connected)
    return (
      <p className="hint">
        Served by this broker locally; it bridges only the listed devices to {bridge.upstream}.
      </p>
    );
  if (status !== 'error') return null;
  return (
    <p className="hint">
      This broker bridges {bridge.scope === 'all' ? 'device sessions' : 'some device sessions'} to
      the upstream hub {bridge.upstream}: a refusal of a bridged session is that hub’s answer, and
      “server unavailable” (0x03, MQTT 5: 0x88) means the bridge could not reach the hub.
    </p>
  );
}
