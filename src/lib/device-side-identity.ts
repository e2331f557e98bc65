import type { MqttSession } from '@/session/mqtt-session.ts';

import type { OperatorClient } from './operator-client.ts';

/** Which platform device the split view's device session is, as the operator API sees it. */
export interface DeviceSide {
  deviceId: string;
  deviceName: string | null;
}

/**
 * Learns which device the device session is connected as: the broker's `sessions.list` names the
 * device of each live session, and the device session knows its own client id. Asked again whenever
 * that client id changes (a new connection) and, lazily, when an operator action needs it.
 */
export function trackDeviceSide(
  device: Pick<MqttSession, 'store'>,
  operator: Pick<OperatorClient, 'request'>,
  /** Called each time the device side is learned. */
  onResolved?: (side: DeviceSide) => void,
) {
  let current: DeviceSide | null = null;
  let resolvedFor: string | null = null;
  let asking: string | null = null;

  const resolve = () => {
    const { status, clientId } = device.store.getState();
    if (status !== 'connected' || clientId === null) {
      current = null;
      resolvedFor = null;
      return;
    }
    if (resolvedFor === clientId || asking === clientId) return;
    asking = clientId;
    operator.request('sessions.list', { kind: 'device' }).then(
      (sessions) => {
        asking = null;
        if (device.store.getState().clientId !== clientId) return;
        const mine = sessions.find((s) => s.clientId === clientId && s.deviceId !== null);
        current =
          mine === undefined || mine.deviceId === null
            ? null
            : { deviceId: mine.deviceId, deviceName: mine.deviceName };
        resolvedFor = current === null ? null : clientId;
        if (current !== null) onResolved?.(current);
      },
      () => {
        // The operator is not logged in yet: asked again on the next action or connection.
        asking = null;
      },
    );
  };

  const stop = device.store.subscribe((state, previous) => {
    if (state.status !== previous.status || state.clientId !== previous.clientId) resolve();
  });
  resolve();
  return {
    /** Asks the broker which device the device side is, unless that is known or being asked. */
    refresh: resolve,
    /**
     * Whether an operator call aimed at `target` ({deviceId} or {deviceName}) can reach the device
     * side; always true while the device side is unknown (the timeline then links by method or keys).
     */
    mayBe: (target: { deviceId?: unknown; deviceName?: unknown }): boolean => {
      if (current === null) return true;
      if (typeof target.deviceId === 'string') return target.deviceId === current.deviceId;
      if (typeof target.deviceName === 'string') return target.deviceName === current.deviceName;
      return true;
    },
    dispose: stop,
  };
}
