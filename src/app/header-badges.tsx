import { SessionBadge } from '@/features/device/connection/components/connection-status.tsx';
import { useOperatorStatus } from '@/lib/operator-context.tsx';
import { useSessionStatus } from '@/lib/session-context.tsx';

import { useRole } from './role-switch.tsx';

function DeviceBadge() {
  const state = useSessionStatus((s) => s);
  return <SessionBadge who="Device" state={state} />;
}

function OperatorBadge() {
  const state = useOperatorStatus((s) => s);
  return <SessionBadge who="Operator" state={state} />;
}

/** The header's connection badges: the session(s) the current role uses, each named. */
export function HeaderBadges() {
  const role = useRole();
  return (
    <span className="header-badges">
      {role !== 'operator' && <DeviceBadge />}
      {role !== 'device' && <OperatorBadge />}
    </span>
  );
}
