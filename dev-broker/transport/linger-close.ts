import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** How long a socket that is being closed on the broker's side keeps reading (and discarding). */
export const LINGER_MS = 2000;

/**
 * Turns the next `destroy()` of a TCP socket into a lingering close: the broker's last bytes (an
 * MQTT 5 DISCONNECT 0x95 after an oversized packet) are followed by a FIN, and whatever the
 * client is still sending is read and thrown away until it closes its side or `ms` pass. A plain
 * destroy while unread bytes wait in the kernel's receive queue makes it answer with a TCP RST,
 * which can overtake the DISCONNECT: the client then sees "connection reset" instead of the reason.
 * Only the first destroy lingers; a second one (e.g. the listener closing) ends it at once.
 * Other streams (a WebSocket's) are left alone: their close is already a handshake.
 */
export function lingerOnNextDestroy(stream: Duplex, ms = LINGER_MS): void {
  if (!(stream instanceof Socket) || stream.destroyed) return;
  const socket = stream;
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error) => {
    socket.destroy = destroy;
    if (error || !socket.writable) return destroy(error);
    const timer = setTimeout(() => destroy(), ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => destroy());
    socket.on('data', discard);
    socket.resume();
    socket.end();
    return socket;
  };
}

function discard(): void {
  // the bytes of a packet the broker has already refused
}
