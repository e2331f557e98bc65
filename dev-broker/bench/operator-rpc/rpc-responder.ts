import { connectMqtt } from '../../../src/client/adapters/mqtt-node.ts';
import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';

const REQUEST_PREFIX = DEVICE_TOPICS.rpcRequestPrefix;
const RESPONSE_PREFIX = DEVICE_TOPICS.rpcResponsePrefix;

/** A device that answers every server-side RPC at once with `{"ok":true,"method":…}`. */
export interface RpcResponder {
  readonly answered: () => number;
  close(): Promise<void>;
}

/**
 * Connects with the device's access token (MQTT 3.1.1 over `url`), subscribes to
 * `v1/devices/me/rpc/request/+` at QoS 1 and publishes each reply at QoS 1 (spec §7).
 */
export async function startRpcResponder(url: string, token: string): Promise<RpcResponder> {
  const port = await connectMqtt({ url, protocolVersion: 4, username: token });
  const { client } = port;
  let answered = 0;
  client.on('message', (topic, payload) => {
    if (!topic.startsWith(REQUEST_PREFIX)) return;
    const id = topic.slice(REQUEST_PREFIX.length);
    const { method } = JSON.parse(payload.toString('utf8')) as { method: string };
    answered += 1;
    client.publish(`${RESPONSE_PREFIX}${id}`, JSON.stringify({ ok: true, method }), { qos: 1 });
  });
  await client.subscribeAsync(`${REQUEST_PREFIX}+`, { qos: 1 });
  return {
    answered: () => answered,
    async close() {
      await client.endAsync();
    },
  };
}
