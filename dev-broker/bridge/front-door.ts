import type { Duplex } from 'node:stream';

import type mqttPacket from 'mqtt-packet';

import type { Logger } from '../platform/logger.ts';
import type { ConnectionSink } from '../transport/connection-sink.ts';

import type { Bridge } from './bridge.ts';
import { decodePacket } from './decode-packet.ts';
import { MAX_BRIDGED_PACKET, PacketFramer, PacketType, type Frame } from './packet-framer.ts';

/** The first packet must come within this time and be at most this large (ADR 0008). */
const CONNECT_WAIT_MS = 30_000;
const MAX_CONNECT_BYTES = 256 * 1024;

/**
 * Bridge mode's entry for every new connection, before aedes sees it (ADR 0008): reads the CONNECT,
 * then hands the connection to the bridge, or back to the local broker with its bytes pushed back
 * onto the stream as if never read. A CONNECT that does not decode goes to the local broker, which
 * answers it as it always does.
 */
export function createFrontDoor(
  local: ConnectionSink,
  bridge: Bridge,
  log: Logger,
): ConnectionSink {
  return {
    handle(stream, transport, remoteAddress, req) {
      readConnect(stream, (outcome) => {
        if (outcome.kind === 'failed') {
          log.info(
            `bridge: ${transport} ${remoteAddress} closed before a CONNECT: ${outcome.reason}`,
          );
          stream.destroy();
          return;
        }
        const { connect, bytes, framer, frames } = outcome;
        const identity = connect
          ? { clientId: connect.clientId, username: connect.username }
          : null;
        if (!connect || !identity || !bridge.rule.bridges(identity)) {
          stream.unshift(bytes);
          local.handle(stream, transport, remoteAddress, req);
          return;
        }
        framer.limit = MAX_BRIDGED_PACKET;
        const [first, ...rest] = frames;
        if (!first) return;
        bridge.open({
          downstream: stream,
          transport,
          remoteAddress,
          connect,
          connectBytes: first.bytes,
          rest,
          framer,
        });
      });
    },
  };
}

type Outcome =
  | { kind: 'failed'; reason: string }
  | {
      kind: 'read';
      /** The decoded CONNECT, or null when the first packet is not a CONNECT that decodes. */
      connect: mqttPacket.IConnectPacket | null;
      /** Every byte read so far. */
      bytes: Buffer;
      framer: PacketFramer;
      frames: Frame[];
    };

/** Reads until the first whole packet; the stream is left paused, its listeners removed. */
function readConnect(stream: Duplex, done: (outcome: Outcome) => void): void {
  const framer = new PacketFramer(MAX_CONNECT_BYTES);
  const chunks: Buffer[] = [];
  const finish = (outcome: Outcome) => {
    clearTimeout(timer);
    stream.off('data', onData);
    stream.off('error', onError);
    stream.off('close', onClose);
    stream.pause();
    done(outcome);
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    const cut = framer.push(chunk);
    if (!cut.ok) {
      finish({ kind: 'failed', reason: cut.error });
      return;
    }
    const first = cut.frames[0];
    if (!first) return;
    const decoded = first.type === PacketType.CONNECT ? decodePacket(first.bytes, 4) : null;
    const connect = decoded?.ok && decoded.packet.cmd === 'connect' ? decoded.packet : null;
    finish({ kind: 'read', connect, bytes: Buffer.concat(chunks), framer, frames: cut.frames });
  };
  const onError = (error: Error) => {
    finish({ kind: 'failed', reason: error.message });
  };
  const onClose = () => {
    finish({ kind: 'failed', reason: 'the connection closed' });
  };
  const timer = setTimeout(() => {
    finish({ kind: 'failed', reason: `no CONNECT within ${String(CONNECT_WAIT_MS / 1000)} s` });
  }, CONNECT_WAIT_MS);
  timer.unref();
  stream.on('data', onData);
  stream.once('error', onError);
  stream.once('close', onClose);
}
