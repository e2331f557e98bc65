import mqttPacket from 'mqtt-packet';

/**
 * Decodes one whole packet with mqtt-packet (only the few the bridge reads: CONNECT, CONNACK,
 * DISCONNECT). Never throws: a packet that does not decode is an error text.
 */
export function decodePacket(
  bytes: Buffer,
  protocolVersion: number,
): { ok: true; packet: mqttPacket.Packet } | { ok: false; error: string } {
  const parser = mqttPacket.parser({ protocolVersion: protocolVersion === 5 ? 5 : 4 });
  let packet: mqttPacket.Packet | undefined;
  let error: string | undefined;
  parser.on('packet', (p: mqttPacket.Packet) => {
    packet ??= p;
  });
  parser.on('error', (e: Error) => {
    error ??= e.message;
  });
  try {
    parser.parse(bytes);
  } catch (e) {
    error ??= (e as Error).message;
  }
  if (error !== undefined) return { ok: false, error };
  if (!packet) return { ok: false, error: 'incomplete packet' };
  return { ok: true, packet };
}

/** Encodes a packet the bridge writes itself (CONNACK refusals, PINGREQ/PINGRESP, DISCONNECT). */
export function encodePacket(packet: mqttPacket.Packet, protocolVersion: number): Buffer {
  const version = protocolVersion === 5 ? 5 : protocolVersion === 3 ? 3 : 4;
  return mqttPacket.generate(packet, { protocolVersion: version });
}
