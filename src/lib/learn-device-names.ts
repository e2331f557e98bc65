import type { MqttSession } from '@/session/mqtt-session.ts';

import { rememberDeviceName } from './device-connect.ts';
import { trackDeviceSide } from './device-side-identity.ts';
import type { OperatorClient } from './operator-client.ts';

/**
 * While the operator is logged in, learns the name of the device the device session is connected
 * as (the broker's `sessions.list`), so the connection status can name it: asked on every new device
 * connection and when the operator logs in. Returns the function that stops it.
 */
export function learnDeviceNames(device: MqttSession, operator: OperatorClient): () => void {
  const side = trackDeviceSide(device, operator, (found) => {
    const { username } = device.store.getState();
    if (username !== null && found.deviceName !== null)
      rememberDeviceName(username, found.deviceName);
  });
  const stop = operator.channel.store.subscribe((state, previous) => {
    if (state.status === 'connected' && previous.status !== 'connected') side.refresh();
  });
  return () => {
    stop();
    side.dispose();
  };
}
