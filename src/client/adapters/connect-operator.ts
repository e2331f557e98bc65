import { OPERATOR_USERNAME_PREFIX } from '../../protocol/operator-topics.ts';
import { OperatorClient } from '../operator-client.ts';

import { connectMqtt, type MqttPort } from './mqtt-node.ts';

export interface ConnectOperatorOptions {
  /** `mqtt://…` or `ws://…/mqtt`. */
  url: string;
  /** Default `admin`. */
  account?: string;
  password: string;
  /** Default 5 (MQTT 5, as the console logs in). */
  protocolVersion?: 4 | 5;
  /** Default per-call timeout in ms (10 s). */
  timeoutMs?: number;
  /** Prefix of the request ids; random by default. */
  idPrefix?: string;
}

/** An operator session: the typed client and the connection under it. */
export interface OperatorConnection {
  client: OperatorClient;
  port: MqttPort;
  /** Rejects what is pending, sends DISCONNECT and closes the socket. */
  close(): Promise<void>;
}

/**
 * Logs in as `operator:<account>` over MQTT.js (docs/operator-api.md "Logging in") and returns the
 * typed {@link OperatorClient}; calls still pending when the connection closes are CANCELLED.
 * Rejects with an `MqttConnectError` (a wrong password: CONNACK 0x86 / 0x05).
 */
export async function connectOperator(o: ConnectOperatorOptions): Promise<OperatorConnection> {
  const port = await connectMqtt({
    url: o.url,
    username: `${OPERATOR_USERNAME_PREFIX}${o.account ?? 'admin'}`,
    password: o.password,
    protocolVersion: o.protocolVersion ?? 5,
  });
  const client = new OperatorClient(port, {
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
    ...(o.idPrefix === undefined ? {} : { idPrefix: o.idPrefix }),
  });
  port.onClose(() => {
    client.cancelAll('The connection to the broker closed.');
  });
  return {
    client,
    port,
    async close() {
      client.dispose();
      await port.close();
    },
  };
}
