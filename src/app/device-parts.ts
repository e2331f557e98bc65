import type { QueryClient } from '@tanstack/react-query';

import { installDevicePushBridge } from '@/domain/device/device-push-bridge.ts';
import { installSharedValuesOnConnect } from '@/features/device/attributes/api/use-fetch-shared-on-connect.ts';
import { otaAttributeRequestsPart } from '@/features/device/firmware/api/get-ota-attributes.ts';
import { abandonOtaUpdates } from '@/features/device/firmware/api/ota-runner.ts';
import { idleRun, useOtaRunStore } from '@/features/device/firmware/stores/ota-run-store.ts';
import { clientRpcPart } from '@/features/device/rpc/api/client-rpc.ts';
import { rpcResponderPart } from '@/features/device/rpc/api/rpc-responder.ts';
import { useRpcInboxStore } from '@/features/device/rpc/stores/rpc-inbox-store.ts';
import { decodeConsoleDeviceMessage } from '@/lib/console-device-decoder.ts';
import { DevicePartSet } from '@/lib/device-side.ts';
import { sessionLimitsPart } from '@/lib/session-limits.ts';
import { DeviceRouter } from '@/session/device-router.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';

/** The device side's router, push bridge and parts, made once for the app's session (main.tsx). */
export interface DeviceParts {
  router: DeviceRouter;
  /** The per-session parts the features read with `useDevicePart` (RPC responder, …). */
  parts: DevicePartSet;
  dispose: () => void;
}

/** Every part of the device side; each resets what it keeps per connection on `router.onConnect`. */
export const DEVICE_PARTS = [
  rpcResponderPart,
  clientRpcPart,
  sessionLimitsPart,
  otaAttributeRequestsPart,
] as const;

/** Which device a connection speaks for: its credentials (a token's client id is generated). */
function deviceIdentity(session: MqttSession): string {
  const { credentialKind, username, clientId } = session.store.getState();
  return credentialKind === 'basic'
    ? `basic:${clientId ?? ''}:${username ?? ''}`
    : `${credentialKind ?? ''}:${username ?? ''}`;
}

/**
 * Everything the device side keeps per connection, created and reset in one place (issue 15 §1):
 * the inbound router, the push bridge (which drops the old connection's `['device', seq, …]`
 * queries and push history), the parts over the router ({@link DEVICE_PARTS}: each drops what it
 * waits for or scheduled on `connect()`) and the per-connection stores of the device features: the RPC inbox is
 * emptied when `connect()` starts a new connection; the OTA runs when it is another device's — the
 * same device connecting again still reports the states it could not send before (spec §11), as
 * real firmware does, and never reports them for another device.
 */
export function createDeviceParts(session: MqttSession, queryClient: QueryClient): DeviceParts {
  // one decoder for every message: the client layer's, with the console's Protobuf mode
  const router = new DeviceRouter(session, { decode: decodeConsoleDeviceMessage });
  const parts = new DevicePartSet({ channel: session, router });
  parts.install(DEVICE_PARTS);
  let identity = deviceIdentity(session);
  const stops = [
    installDevicePushBridge(router, session, queryClient),
    installSharedValuesOnConnect(session, queryClient),
    router.onConnect(() => {
      useRpcInboxStore.getState().clear();
      const next = deviceIdentity(session);
      if (next !== identity) {
        abandonOtaUpdates();
        useOtaRunStore.setState({ runs: { fw: idleRun, sw: idleRun } });
      }
      identity = next;
    }),
  ];
  return {
    router,
    parts,
    dispose: () => {
      for (const stop of stops) stop();
      parts.dispose();
      router.dispose();
    },
  };
}
