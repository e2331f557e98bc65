import { DeviceRouter } from '@/session/device-router.ts';
import type { InboundMessage } from '@/session/mqtt-session.ts';
import { createPacketLogStore } from '@/session/packet-log-store.ts';
import type { NewPacketLogEntry, PacketLogStore } from '@/session/packet-log-store.ts';
import { createSessionStore } from '@/session/session-store.ts';
import type { SessionStore } from '@/session/session-store.ts';

/**
 * The parts of the device `MqttSession` that observers read (status store, packet log, inbound
 * messages), for tests of features that watch a session without sending (the split view's timeline).
 */
export interface FakeDeviceSession {
  store: SessionStore;
  packetLog: PacketLogStore;
  onMessage(listener: (message: InboundMessage) => void): () => void;
  /** The device side's router over this session, as app/device-parts.ts makes it. */
  router: DeviceRouter;
  /** Delivers an inbound PUBLISH of `text` to every listener. */
  receive: (topic: string, text: string, receivedAt: number) => void;
  /** Records an outbound PUBLISH in the packet log, as the session does when it sends one. */
  sent: (topic: string, payloadText: string, time: number) => void;
}

export function createFakeDeviceSession(): FakeDeviceSession {
  const store = createSessionStore();
  const packetLog = createPacketLogStore({ schedule: () => undefined });
  const listeners = new Set<(message: InboundMessage) => void>();
  const onMessage = (listener: (message: InboundMessage) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    store,
    packetLog,
    onMessage,
    router: new DeviceRouter({ store, onMessage }),
    receive: (topic, text, receivedAt) => {
      const payload = new TextEncoder().encode(text);
      for (const l of listeners) l({ topic, text, payload, receivedAt, qos: 1 });
    },
    sent: (topic, payloadText, time) => {
      const packet: NewPacketLogEntry = {
        time,
        direction: 'out',
        kind: 'publish',
        topic,
        payloadText,
        binary: false,
        truncated: false,
        qos: 1,
        messageId: null,
        size: payloadText.length,
        latencyMs: null,
        codes: [],
        filters: [],
      };
      packetLog.append(packet);
      packetLog.flush();
    },
  };
}
