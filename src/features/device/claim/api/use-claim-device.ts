import { useMutation } from '@tanstack/react-query';

import { useSession } from '@/lib/session-context.tsx';

import { claimDevice } from './claim-device.ts';
import type { ClaimInput } from './claim-device.ts';

/** Sends the claim registration and resolves with its PUBACK. */
export function useClaimDevice() {
  const session = useSession();
  return useMutation({ mutationFn: (input: ClaimInput) => claimDevice(session, input) });
}
