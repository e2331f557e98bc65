import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import type mqttPacket from 'mqtt-packet';

import type { Logger } from '../platform/logger.ts';

import { decodePacket, encodePacket } from './decode-packet.ts';
import { SessionKeepAlive } from './keep-alive.ts';
import { PacketFramer, PacketType, type Frame } from './packet-framer.ts';
import { describeUpstreamError, dialUpstream } from './upstream-dial.ts';
import type { UpstreamTarget } from './upstream-target.ts';

/** CONNACK "server unavailable": 3.1.1 return code 0x03, MQTT 5 reason code 0x88. */
const V3_UNAVAILABLE = 0x03;
const V5_UNAVAILABLE = 0x88;
const V5_KEEP_ALIVE_TIMEOUT = 0x8d;
const PINGREQ = Buffer.from([0xc0, 0x00]);
const PINGRESP = Buffer.from([0xd0, 0x00]);

/** A device connection whose CONNECT was read and classified as bridged (front-door.ts). */
export interface BridgedConnection {
  downstream: Duplex;
  transport: 'tcp' | 'ws';
  remoteAddress: string;
  connect: mqttPacket.IConnectPacket;
  /** The CONNECT exactly as received. */
  connectBytes: Buffer;
  /** Packets that came right after it, before the hub was reached. */
  rest: Frame[];
  /** The downstream framer, which may hold the start of the next packet. */
  framer: PacketFramer;
}

/** How much one session holds right now (back-pressure tests, ADR 0008). */
export interface SessionBuffers {
  /** Bytes queued on the upstream socket / on the device's stream. */
  toHub: number;
  toDevice: number;
  /** Times reading from the device / from the hub was paused for back-pressure. */
  devicePauses: number;
  hubPauses: number;
}

type State = 'dialing' | 'awaiting-connack' | 'open' | 'closed';

/**
 * One device session relayed to its own upstream connection, packet by packet and byte for byte
 * (ADR 0008). Only PINGREQ/PINGRESP are answered on each side; CONNACK and DISCONNECT are read to
 * know the session's state; everything else passes unchanged, so reason codes, properties and packet
 * ids are the hub's and the device's own. Both sides always close together.
 */
export class BridgedSession {
  readonly since = Date.now();
  #state: State = 'dialing';
  #upstream: Socket | null = null;
  readonly #hubFramer = new PacketFramer();
  readonly #keepAlive: SessionKeepAlive;
  #assignedClientId: string | null = null;
  #devicePauses = 0;
  #hubPauses = 0;

  constructor(
    private readonly conn: BridgedConnection,
    private readonly target: UpstreamTarget,
    private readonly connectTimeoutMs: number,
    private readonly log: Logger,
    private readonly onClosed: (session: BridgedSession) => void,
  ) {
    this.#keepAlive = new SessionKeepAlive({
      deviceSilent: () => {
        if (this.version === 5)
          this.#toDevice([
            encodePacket({ cmd: 'disconnect', reasonCode: V5_KEEP_ALIVE_TIMEOUT }, 5),
          ]);
        this.close('keep-alive timeout on the device side (no packet for 1.5 × keep-alive)');
      },
      pingHub: () => {
        this.#toHub(PINGREQ);
      },
      hubSilent: () => {
        this.close('keep-alive timeout on the hub side (no answer to PINGREQ)');
      },
    });
    conn.downstream.once('close', () => {
      this.close('the device closed the connection');
    });
    conn.downstream.on('error', (error: Error) => {
      this.close(`device connection error: ${error.message}`);
    });
  }

  get version(): number {
    return this.conn.connect.protocolVersion ?? 4;
  }

  /** The client ids this session answers to: its CONNECT's and the one the hub assigned. */
  clientIds(): string[] {
    const ids = [this.conn.connect.clientId];
    if (this.#assignedClientId !== null) ids.push(this.#assignedClientId);
    return ids.filter((id) => id !== '');
  }

  get label(): string {
    const id = this.clientIds()[0] ?? '(no client id)';
    return `${id} (${this.conn.transport} ${this.conn.remoteAddress})`;
  }

  buffers(): SessionBuffers {
    return {
      toHub: this.#upstream?.writableLength ?? 0,
      toDevice: this.conn.downstream.writableLength,
      devicePauses: this.#devicePauses,
      hubPauses: this.#hubPauses,
    };
  }

  /** Dials the hub, sends it the device's CONNECT and starts relaying. */
  async start(): Promise<void> {
    const dialed = await dialUpstream(this.target, this.connectTimeoutMs);
    if (!dialed.ok) {
      this.refuse(`upstream ${this.target.url} unreachable: ${dialed.error}`);
      return;
    }
    const upstream = dialed.socket;
    if (this.#state === 'closed') {
      upstream.destroy();
      return;
    }
    this.#upstream = upstream;
    this.#state = 'awaiting-connack';
    const connackTimer = setTimeout(() => {
      if (this.#state === 'awaiting-connack')
        this.refuse(
          `upstream ${this.target.url} sent no CONNACK within ${String(this.connectTimeoutMs)} ms`,
        );
    }, this.connectTimeoutMs);
    connackTimer.unref();
    upstream.on('data', (chunk: Buffer) => {
      this.#fromHub(chunk);
    });
    upstream.on('error', (error: Error) => {
      this.#upstreamGone(describeUpstreamError(this.target, error));
    });
    upstream.once('close', () => {
      clearTimeout(connackTimer);
      this.#upstreamGone('the upstream closed the connection');
    });
    this.#toHub(this.conn.connectBytes);
    const rest = this.conn.rest;
    this.conn.rest = [];
    if (rest.length > 0) this.#relayFromDevice(rest, Buffer.concat(rest.map((f) => f.bytes)));
    this.conn.downstream.on('data', (chunk: Buffer) => {
      this.#fromDevice(chunk);
    });
    this.conn.downstream.resume();
  }

  /**
   * Answers the device with CONNACK 0x03 (MQTT 5: 0x88 with `reason` as its reason string) and closes:
   * the bridge has no answer from the hub to relay.
   */
  refuse(reason: string, v5Code: number = V5_UNAVAILABLE): void {
    if (this.#state === 'closed' || this.#state === 'open') return;
    const connack: mqttPacket.IConnackPacket =
      this.version === 5
        ? {
            cmd: 'connack',
            sessionPresent: false,
            reasonCode: v5Code,
            properties: { reasonString: reason.slice(0, 200) },
          }
        : { cmd: 'connack', sessionPresent: false, returnCode: V3_UNAVAILABLE };
    this.#toDevice([encodePacket(connack, this.version)]);
    this.close(reason, 'warn');
  }

  /** Closes both sides (idempotent), after what is queued on each has been written. */
  close(reason: string, level: 'info' | 'warn' = 'info'): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#keepAlive.stop();
    this.log[level](`bridge: ${this.label} closed: ${reason}`);
    endSoon(this.conn.downstream);
    if (this.#upstream) endSoon(this.#upstream);
    this.onClosed(this);
  }

  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #upstreamGone(reason: string): void {
    if (this.#state === 'awaiting-connack')
      this.refuse(`upstream ${this.target.url} closed before its CONNACK (${reason})`);
    else this.close(reason);
  }

  #fromDevice(chunk: Buffer): void {
    if (this.#state === 'closed') return;
    this.#keepAlive.fromDevice();
    const cut = this.conn.framer.push(chunk);
    if (!cut.ok) {
      this.close(`the device sent a malformed stream: ${cut.error}`);
      return;
    }
    this.#relayFromDevice(cut.frames, cut.whole);
  }

  /** Forwards the device's packets (`whole` is all of them, back to back); answers its PINGREQs. */
  #relayFromDevice(frames: readonly Frame[], whole: Buffer): void {
    if (!frames.some((f) => f.type === PacketType.PINGREQ || f.type === PacketType.DISCONNECT)) {
      if (frames.length > 0) this.#toHub(whole);
      return;
    }
    const toHub: Buffer[] = [];
    let disconnect = false;
    for (const frame of frames) {
      if (frame.type === PacketType.PINGREQ) this.#toDevice([PINGRESP]);
      else toHub.push(frame.bytes);
      if (frame.type === PacketType.DISCONNECT) {
        disconnect = true;
        break;
      }
    }
    if (toHub.length > 0) this.#toHub(Buffer.concat(toHub));
    if (disconnect) this.close('the device sent DISCONNECT');
  }

  #fromHub(chunk: Buffer): void {
    if (this.#state === 'closed') return;
    this.#keepAlive.fromHub();
    const cut = this.#hubFramer.push(chunk);
    if (!cut.ok) {
      this.close(`the upstream sent a malformed stream: ${cut.error}`);
      return;
    }
    const special = (f: Frame) =>
      f.type === PacketType.PINGRESP || f.type === PacketType.DISCONNECT;
    if (this.#state === 'open' && !cut.frames.some(special)) {
      if (cut.frames.length > 0) this.#toDevice([cut.whole]);
      return;
    }
    const out: Buffer[] = [];
    let ending: string | null = null;
    for (const frame of cut.frames) {
      if (this.#state === 'awaiting-connack') {
        ending = this.#connack(frame);
        if (this.#isClosed()) return;
      } else if (frame.type === PacketType.DISCONNECT) {
        ending = `the upstream sent DISCONNECT${this.#reasonOf(frame)}`;
      }
      if (frame.type !== PacketType.PINGRESP) out.push(frame.bytes);
      if (ending !== null) break;
    }
    if (out.length > 0) this.#toDevice(out);
    if (ending !== null) this.close(ending);
  }

  /** Reads the hub's CONNACK; returns why the session ends (a refusal) or null. Relayed either way. */
  #connack(frame: Frame): string | null {
    const decoded =
      frame.type === PacketType.CONNACK ? decodePacket(frame.bytes, this.version) : null;
    if (!decoded?.ok || decoded.packet.cmd !== 'connack') {
      this.refuse(
        `upstream ${this.target.url} answered CONNECT with something other than a CONNACK`,
      );
      return null;
    }
    const connack = decoded.packet;
    const code = (this.version === 5 ? connack.reasonCode : connack.returnCode) ?? 0;
    if (code !== 0)
      return `upstream ${this.target.url} refused the connection: CONNACK ${hex(code)}`;
    this.#state = 'open';
    this.#assignedClientId = connack.properties?.assignedClientIdentifier ?? null;
    // The device reads the same CONNACK, so a v5 Server Keep Alive applies to both sides.
    this.#keepAlive.start(connack.properties?.serverKeepAlive ?? this.conn.connect.keepalive ?? 0);
    this.log.info(`bridge: ${this.label} connected to ${this.target.url}`);
    return null;
  }

  #reasonOf(frame: Frame): string {
    if (this.version !== 5) return '';
    const decoded = decodePacket(frame.bytes, 5);
    return decoded.ok && decoded.packet.cmd === 'disconnect'
      ? ` ${hex(decoded.packet.reasonCode ?? 0)}`
      : '';
  }

  #toHub(bytes: Buffer): void {
    const upstream = this.#upstream;
    if (!upstream || upstream.destroyed) return;
    this.#keepAlive.toHub();
    if (upstream.write(bytes) || this.conn.downstream.isPaused()) return;
    // back-pressure: stop reading the device until the hub's socket drains
    this.#devicePauses++;
    this.conn.downstream.pause();
    upstream.once('drain', () => {
      if (this.#state !== 'closed') this.conn.downstream.resume();
    });
  }

  #toDevice(buffers: Buffer[]): void {
    const down = this.conn.downstream;
    if (down.destroyed || !down.writable) return;
    const bytes = buffers.length === 1 && buffers[0] ? buffers[0] : Buffer.concat(buffers);
    const upstream = this.#upstream;
    if (down.write(bytes) || !upstream || upstream.isPaused()) return;
    // back-pressure: stop reading the hub until the device's stream drains
    this.#hubPauses++;
    upstream.pause();
    down.once('drain', () => {
      if (this.#state !== 'closed') upstream.resume();
    });
  }
}

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** Ends a stream once its queued writes are out, and destroys it if its peer does not close soon. */
function endSoon(stream: Duplex): void {
  if (stream.destroyed) return;
  stream.end();
  setTimeout(() => stream.destroy(), 1000).unref();
}
