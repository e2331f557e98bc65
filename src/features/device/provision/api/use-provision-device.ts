import { useMutation } from '@tanstack/react-query';

import { useDeviceSide } from '@/lib/session-context.tsx';

import { provisionDevice } from './provision-device.ts';
import type { ProvisionForm } from './provision-request.ts';

/** Sends one provisioning request on the current (provision) session and waits for the response. */
export function useProvisionDevice() {
  const side = useDeviceSide();
  return useMutation({ mutationFn: (form: ProvisionForm) => provisionDevice(side, form) });
}
