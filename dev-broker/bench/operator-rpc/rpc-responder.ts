import { connectMqtt } from '../../../src/client/adapters/mqtt-node.ts';
import { DeviceClient } from '../../../src/client/device-client.ts';

/** A device that answers every server-side RPC at once with `{"ok":true,"method":…}`. */
export interface RpcResponder {
  readonly answered: () => number;
  close(): Promise<void>;
}

/**
 * Connects with the device's access token (MQTT 3.1.1 over `url`), subscribes to
 * `v1/devices/me/rpc/request/+` at QoS 1 and publishes each reply at QoS 1 (spec §7), through the
 * typed device client.
 */
export async function startRpcResponder(url: string, token: string): Promise<RpcResponder> {
  const port = await connectMqtt({ url, protocolVersion: 4, username: token });
  const device = new DeviceClient(port);
  let answered = 0;
  device.onRpc('*', ({ method }) => {
    answered += 1;
    return { ok: true, method };
  });
  await device.subscribeRpc();
  return {
    answered: () => answered,
    async close() {
      device.dispose();
      await port.close();
    },
  };
}
