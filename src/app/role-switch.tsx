import { useSearchParam, writeSearchParams } from '@/lib/url-state.ts';

export type ConsoleRole = 'device' | 'operator' | 'both';

const ROLES: { role: ConsoleRole; label: string }[] = [
  { role: 'device', label: 'Device' },
  { role: 'operator', label: 'Operator' },
  { role: 'both', label: 'Both' },
];

/** The role in the URL (`?role=`), device when missing or unknown. */
export function useRole(): ConsoleRole {
  const role = useSearchParam('role');
  return role === 'operator' || role === 'both' ? role : 'device';
}

/** The header's role switch: Device, Operator or both side by side. */
export function RoleSwitch() {
  const role = useRole();
  return (
    <fieldset className="role-switch">
      <legend className="visually-hidden">Console role</legend>
      {ROLES.map((r) => (
        <label key={r.role} className="role-switch__option">
          <input
            type="radio"
            name="console-role"
            value={r.role}
            checked={role === r.role}
            onChange={() => {
              writeSearchParams({ role: r.role });
            }}
          />
          <span>{r.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
