import { decodeChunkSize } from '../../src/protocol/codecs/firmware.ts';
import { outboundTopic, type OtaKind } from '../../src/protocol/topics.ts';
import type { Settings } from '../config/settings.ts';
import type { OtaPackageRecord, OtaPackageType } from '../storage/ota-store.ts';
import type { DeviceRecord, Storage } from '../storage/storage.ts';

import type { DeviceSession } from './device-session.ts';
import type { EventsService } from './events-service.ts';
import { otaTypeOf } from './ota-entries.ts';

/** A chunk request as parsed from `v2/{fw|sw}/request/{reqId}/chunk/{n}` (src/protocol/topics.ts). */
export interface ChunkRequest {
  ota: OtaKind;
  requestId: number;
  chunk: number;
}

/**
 * How long an OTA error text gets to leave before the connection closes. Closing drops whatever the
 * socket has not sent yet (aedes destroys it), and the broker reads nothing more from this client
 * meanwhile, so no further request is served after an error.
 */
export const OTA_ERROR_CLOSE_GRACE_MS = 100;
/** MQTT 5 DISCONNECT reason after an OTA error: 0x83 implementation specific error, as the reference sends. */
export const OTA_ERROR_DISCONNECT = 0x83;

/** What the device API does with a chunk request (the same shapes as its PublishOutcome). */
export type ChunkOutcome =
  { invalid: string } | { ack: false; v5Disconnect?: number } | { ack: true; after: () => void };

/** Error texts of spec §11, sent as plain ASCII on `v2/{fw|sw}/error`. */
export type OtaErrorCode = 'PAYLOAD_TOO_LARGE' | 'NOT_FOUND' | 'FAILURE';

/** A chunk sent to a device, for the operator's progress view. */
export interface ChunkServed {
  deviceId: string;
  type: OtaPackageType;
  packageId: string;
  requestId: number;
  chunk: number;
  offset: number;
  bytes: number;
  fileSize: number;
}

export interface OtaChunkDeps {
  storage: Storage;
  events: EventsService;
  settings: () => Settings;
  /** The package the device gets: its own assignment, else its profile's. */
  resolve: (deviceId: string, type: OtaPackageType) => OtaPackageRecord | undefined;
  served: (chunk: ChunkServed) => void;
}

/** Per session and `{fw|sw}/{reqId}`: the package fixed by the first request, and the remembered size. */
interface RequestState {
  packageId: string | null;
  size: number;
}

/**
 * Serves firmware and software chunks (spec §11). Request state lives per session in a WeakMap keyed
 * by the DeviceSession, so it ends with the session. Request ids are kept apart per kind: a `v2/sw`
 * request never reuses the package of a `v2/fw` request with the same id.
 */
export class OtaChunkServer {
  readonly #sessions = new WeakMap<DeviceSession, Map<string, RequestState>>();

  constructor(private readonly d: OtaChunkDeps) {}

  /** The largest chunk size a device may ask for: `otaMaxChunkSize`, else `maxPayloadSize` (spec §13). */
  get maxChunkSize(): number {
    const s = this.d.settings();
    return s.otaMaxChunkSize ?? s.maxPayloadSize;
  }

  async serve(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    request: ChunkRequest,
    payload: string,
  ): Promise<ChunkOutcome> {
    const decoded = decodeChunkSize(payload);
    if (!decoded.ok) return { invalid: decoded.error.message };
    if (request.chunk < 0)
      return { invalid: `the chunk index must not be negative, got ${request.chunk}` };
    const state = this.#state(session, request);
    // spec §11 size rules: a size > 0 is remembered; empty or 0 reuses the remembered one (0 = whole file)
    if (decoded.value > 0) state.size = decoded.value;
    const size = state.size;
    const fail = (code: OtaErrorCode, why: string) =>
      this.#fail(session, device, topic, request.ota, code, why);
    if (size > this.maxChunkSize)
      return fail(
        'PAYLOAD_TOO_LARGE',
        `chunk size ${size} is above otaMaxChunkSize ${this.maxChunkSize}`,
      );
    const type = otaTypeOf(request.ota);
    const pkg =
      state.packageId === null
        ? this.d.resolve(device.id, type)
        : this.d.storage.ota.get(state.packageId);
    if (!pkg)
      return fail(
        'NOT_FOUND',
        state.packageId === null
          ? `no ${type} package is assigned to ${device.name} or its profile`
          : `package ${state.packageId} was deleted`,
      );
    if (pkg.url !== null)
      return fail(
        'FAILURE',
        `package ${pkg.title} ${pkg.version} is URL-based (${pkg.url}); the broker has no bytes to serve`,
      );
    const bytes = this.#read(pkg, size, request.chunk);
    if (!bytes) return fail('NOT_FOUND', `package ${pkg.id} has no stored bytes`);
    // spec §11: the first request of a reqId fixes its package for the rest of the session
    state.packageId = pkg.id;
    const reply = outboundTopic.otaChunk(request.ota, request.requestId, request.chunk);
    // MQTT 5 Maximum Packet Size [MQTT-3.1.2-24]: a chunk the client could not receive is its error
    if (!session.fits(reply, bytes.length))
      return fail(
        'PAYLOAD_TOO_LARGE',
        `a chunk of ${String(bytes.length)} bytes does not fit the client's Maximum Packet Size (${String(session.link.maxPacketSize)} bytes); request smaller chunks`,
      );
    const served: ChunkServed = {
      deviceId: device.id,
      type,
      packageId: pkg.id,
      requestId: request.requestId,
      chunk: request.chunk,
      offset: size === 0 ? 0 : size * request.chunk,
      bytes: bytes.length,
      fileSize: pkg.size,
    };
    // spec §4: the PUBACK first, then the answer
    return {
      ack: true,
      after: () => {
        void session.send(reply, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        this.d.served(served);
      },
    };
  }

  /** Bytes [size×n, min(size×(n+1), fileSize)); with no size, index 0 is the whole file (spec §11, §14.11). */
  #read(pkg: OtaPackageRecord, size: number, chunk: number): Uint8Array | undefined {
    if (size === 0)
      return chunk === 0 ? this.d.storage.ota.readData(pkg.id, 0, pkg.size) : this.#empty(pkg);
    const offset = size * chunk;
    return offset >= pkg.size
      ? this.#empty(pkg)
      : this.d.storage.ota.readData(pkg.id, offset, size);
  }

  /** An empty chunk past the end, provided the package has bytes at all. */
  #empty(pkg: OtaPackageRecord): Uint8Array | undefined {
    return this.d.storage.ota.readData(pkg.id, 0, 0);
  }

  #state(session: DeviceSession, request: ChunkRequest): RequestState {
    let requests = this.#sessions.get(session);
    if (!requests) {
      requests = new Map();
      this.#sessions.set(session, requests);
    }
    const key = `${request.ota}/${String(request.requestId)}`;
    let state = requests.get(key);
    if (!state) {
      state = { packageId: null, size: 0 };
      requests.set(key, state);
    }
    return state;
  }

  /** spec §11 "Errors": no PUBACK, the text on the error topic, close, and an `ota_error` event. */
  async #fail(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    ota: OtaKind,
    code: OtaErrorCode,
    why: string,
  ): Promise<ChunkOutcome> {
    void session.send(outboundTopic.otaError(ota), Buffer.from(code, 'ascii'));
    this.d.events.record({
      kind: 'ota_error',
      deviceId: device.id,
      deviceName: device.name,
      clientId: session.link.clientId,
      topic,
      message: `${code}: ${why}; closing the connection`,
    });
    await new Promise((resolve) => setTimeout(resolve, OTA_ERROR_CLOSE_GRACE_MS));
    return { ack: false, v5Disconnect: OTA_ERROR_DISCONNECT };
  }

  /** Number of request ids a session holds (for tests). */
  requestCount(session: DeviceSession): number {
    return this.#sessions.get(session)?.size ?? 0;
  }
}
