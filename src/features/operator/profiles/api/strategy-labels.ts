import type { ProvisionTypeName } from '@protocol/operator-dto.ts';

/** The provisioning strategies in the platform's order, with the words its console uses. */
export const STRATEGIES: readonly { value: ProvisionTypeName; label: string }[] = [
  { value: 'DISABLED', label: 'Disabled' },
  { value: 'ALLOW_CREATE_NEW_DEVICES', label: 'Allow creating new devices' },
  { value: 'CHECK_PRE_PROVISIONED_DEVICES', label: 'Check pre-provisioned devices' },
];

/** The label of a strategy. */
export const strategyLabel = (value: ProvisionTypeName): string =>
  STRATEGIES.find((s) => s.value === value)?.label ?? value;
