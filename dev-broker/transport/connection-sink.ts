import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Where the listeners hand each new connection: the broker core, or the bridge's front door. */
export interface ConnectionSink {
  /** Serves one MQTT connection (a TCP socket or a WebSocket stream). */
  handle(
    stream: Duplex,
    transport: 'tcp' | 'ws',
    remoteAddress: string,
    req?: IncomingMessage,
  ): void;
}
