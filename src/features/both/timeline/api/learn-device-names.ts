import type { OperatorClient } from '@/client/operator-client.ts';
import type { LiveChannel } from '@/lib/device-channel.ts';
import { rememberDeviceName } from '@/lib/device-connect.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';

import { trackDeviceSide } from './device-side-identity.ts';

/**
 * While the operator is logged in, learns the name of the device the device session is connected
 * as (the broker's `sessions.list`), so the connection status can name it: asked on every new device
 * connection and when the operator logs in. Returns the function that stops it.
 */
export function learnDeviceNames(
  device: MqttSession,
  operatorSession: Pick<LiveChannel, 'store'>,
  operator: OperatorClient,
): () => void {
  const side = trackDeviceSide(device, operator, (found) => {
    const { username } = device.store.getState();
    if (username !== null && found.deviceName !== null)
      rememberDeviceName(username, found.deviceName);
  });
  const stop = operatorSession.store.subscribe((state, previous) => {
    if (state.status === 'connected' && previous.status !== 'connected') side.refresh();
  });
  return () => {
    stop();
    side.dispose();
  };
}
