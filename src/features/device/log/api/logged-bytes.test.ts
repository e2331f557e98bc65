import { describe, expect, it } from 'vitest';

import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { loggedBytes } from './logged-bytes.ts';

/** As the session's packet recorder logs a payload: UTF-8 text, or `<N bytes: hex>` up to 1 KiB. */
function describePayload(payload: Uint8Array) {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    return { text, binary: false, truncated: false, size: payload.length };
  } catch {
    const shown = Array.from(payload.subarray(0, 1024), (b) => b.toString(16).padStart(2, '0'));
    const more = payload.length > 1024;
    return {
      text: `<${String(payload.length)} bytes: ${shown.join(' ')}${more ? ' …' : ''}>`,
      binary: true,
      truncated: more,
      size: payload.length,
    };
  }
}

function entryOf(payload: Uint8Array): PacketLogEntry {
  const d = describePayload(payload);
  return {
    id: 1,
    time: 0,
    direction: 'out',
    kind: 'publish',
    topic: 'v1/devices/me/telemetry',
    payloadText: d.text,
    binary: d.binary,
    truncated: d.truncated,
    qos: 1,
    messageId: 1,
    size: d.size,
    latencyMs: null,
    codes: [],
    filters: [],
  };
}

describe('loggedBytes', () => {
  it('gives back binary and UTF-8 payloads byte for byte', () => {
    const binary = Uint8Array.from([0x09, 0, 0, 0, 0, 0, 0, 0x45, 0x40, 0xff]);
    expect(loggedBytes(entryOf(binary))).toEqual(binary);
    const text = new TextEncoder().encode('\u0012\u0003abc');
    expect(loggedBytes(entryOf(text))).toEqual(text);
  });

  it('is null when the log kept only part of the payload', () => {
    expect(loggedBytes(entryOf(new Uint8Array(2000).fill(0xff)))).toBeNull();
  });
});
