import type { QueryClient } from '@tanstack/react-query';

import { installDevicePushBridge } from '@/domain/device/device-push-bridge.ts';
import { idleRun, useOtaRunStore } from '@/features/device/firmware/stores/ota-run-store.ts';
import { useRpcInboxStore } from '@/features/device/rpc/stores/rpc-inbox-store.ts';
import { DeviceRouter } from '@/session/device-router.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';

/** The device side's router and push bridge, made once for the app's session (main.tsx). */
export interface DeviceParts {
  router: DeviceRouter;
  dispose: () => void;
}

/**
 * Everything the device side keeps per connection, created and reset in one place (issue 15 §1):
 * the inbound router, the push bridge (which drops the old connection's `['device', seq, …]`
 * queries and push history) and the per-connection stores of the device features — the RPC inbox
 * and the OTA runs — emptied when `connect()` starts a new connection.
 */
export function createDeviceParts(session: MqttSession, queryClient: QueryClient): DeviceParts {
  const router = new DeviceRouter(session);
  const stops = [
    installDevicePushBridge(router, session, queryClient),
    router.onConnect(() => {
      useRpcInboxStore.getState().clear();
      useOtaRunStore.setState({ runs: { fw: idleRun, sw: idleRun } });
    }),
  ];
  return {
    router,
    dispose: () => {
      for (const stop of stops) stop();
      router.dispose();
    },
  };
}
