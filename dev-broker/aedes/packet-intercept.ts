import type mqttPacket from 'mqtt-packet';

import { isOperatorFilter, operatorAccountOf } from '../../src/protocol/operator-topics.ts';
import {
  DEVICE_FILTERS,
  PROVISION_FILTERS,
  PROVISION_USERNAME,
} from '../../src/protocol/topics.ts';

/** What the adapter learns from CONNECT before aedes authenticates. */
export interface ConnState {
  /** The client id as sent (empty when the broker assigns one). */
  connectClientId: string;
  protocolVersion: number;
  /** MQTT 5 CONNECT property Maximum Packet Size: nothing larger may be sent to this client. */
  clientMaxPacketSize: number | undefined;
  /** Which allow-list applies: decided from CONNECT exactly as authentication decides the principal. */
  sessionKind: 'device' | 'provision' | 'operator';
}

const V5_TOPIC_FILTER_INVALID = 0x8f;
const V3_FAILURE = 0x80;

/**
 * Runs on every parsed packet before aedes sees it (a prepended parser listener), and adjusts it to
 * the device API's rules:
 * - CONNECT: no session state survives (clean session, session-present 0) and no will (spec §1.1),
 *   except that a 3.1.1 CONNECT with an empty client id and CleanSession 0 keeps its flag so aedes
 *   refuses it with 0x02 [MQTT-3.1.3-8];
 * - PUBLISH: the retain flag is ignored (spec §1.1);
 * - SUBSCRIBE: granted QoS is min(requested, 1); filters off the allow-list get 0x80 (v5: 0x8F)
 *   (spec §3). The allow-list depends only on the session kind, known from CONNECT;
 * - PUBACK: forwarded to the link, which owns broker → device packet ids.
 */
export function interceptPacket(
  packet: mqttPacket.Packet,
  state: ConnState,
  refused: WeakSet<object>,
  onPuback: (messageId: number) => void,
  onActivity: () => void,
): void {
  switch (packet.cmd) {
    case 'connect':
      state.connectClientId = packet.clientId;
      state.protocolVersion = packet.protocolVersion ?? 4;
      state.clientMaxPacketSize = packet.properties?.maximumPacketSize;
      state.sessionKind =
        operatorAccountOf(packet.username) !== undefined
          ? 'operator'
          : packet.username === PROVISION_USERNAME || packet.clientId === PROVISION_USERNAME
            ? 'provision'
            : 'device';
      // MQTT 3.1.1 refuses an empty client id with CleanSession 0 (CONNACK 0x02 [MQTT-3.1.3-8]):
      // left as sent, aedes answers it. Otherwise no session state is kept (spec §1.1).
      if (packet.clientId !== '' || state.protocolVersion === 5) packet.clean = true;
      delete packet.will;
      if (packet.properties) packet.properties.sessionExpiryInterval = 0;
      return;
    case 'publish':
      packet.retain = false;
      return;
    case 'subscribe': {
      const list = state.sessionKind === 'provision' ? PROVISION_FILTERS : DEVICE_FILTERS;
      const allowed = (filter: string) =>
        state.sessionKind === 'operator' ? isOperatorFilter(filter) : list.has(filter);
      for (const sub of packet.subscriptions) {
        if (allowed(sub.topic)) {
          sub.qos = sub.qos >= 1 ? 1 : 0;
        } else {
          refused.add(sub);
          (sub as { qos: number }).qos =
            state.protocolVersion === 5 ? V5_TOPIC_FILTER_INVALID : V3_FAILURE;
        }
      }
      return;
    }
    case 'puback':
      if (packet.messageId !== undefined) onPuback(packet.messageId);
      return;
    case 'unsubscribe':
    case 'pingreq':
      onActivity();
      return;
    default:
      return;
  }
}
