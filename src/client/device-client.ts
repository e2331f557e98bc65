/**
 * The typed device client (ADR 0007): the whole device API (spec §5–§11) over a client port, for the
 * demo simulators, the bench, tests, the e2e fixtures and — one client per connection — the console's
 * device side. No topic string appears at a call site: topics come from src/protocol. Every inbound
 * message is decoded once (device-inbound.ts) into a typed event (device-events.ts); requests wait in
 * the one Correlator (device-requests.ts).
 */
import { encodeChunkSize } from '../protocol/codecs/firmware.ts';
import type { ProvisionOutcome } from '../protocol/codecs/provision-response.ts';
import {
  DEVICE_TOPICS,
  outboundTopic,
  responseFilter,
  type Family,
  type OtaKind,
} from '../protocol/topics.ts';

import type {
  AttributesResponseEvent,
  DeviceEventKind,
  DeviceEvents,
  OtaChunkEvent,
  ProvisionResponseEvent,
  RpcRequestEvent,
  RpcResponseEvent,
} from './device-events.ts';
import { decodeDeviceMessage } from './device-inbound.ts';
import { DeviceListeners } from './device-listeners.ts';
import { DeviceRequests } from './device-requests.ts';
import {
  runFirmwareDownload,
  type FirmwareDownload,
  type FirmwareDownloadOptions,
} from './firmware-download.ts';
import type { PublishOutcome, Qos, SubscribingPort } from './port.ts';
import { reportListenerError } from './runtime.ts';

export { DeviceRequestError, type DeviceErrorCode } from './device-errors.ts';

/** The JSON topic families (spec §2.2); Protobuf (`v2p`) is read but not sent by this client. */
export type JsonFamily = Exclude<Family, 'v2p'>;

export interface DeviceClientOptions {
  /** Topics of requests, replies, telemetry and attributes; default `v1`. */
  family?: JsonFamily;
  /** Default time to wait for an answer, in ms (10 s). */
  timeoutMs?: number;
  /** Ids for `…/request/{id}` topics; pass the connection's own when others use it too. */
  nextRequestId?: () => number;
}

/** A JSON payload as a value (sent as JSON) or as text (sent as it is, e.g. lenient JSON, spec §4.1). */
export type JsonPayload = string | Readonly<Record<string, unknown>> | readonly unknown[];

/** How a publish is sent: its QoS (default 1) and how long to wait for the PUBACK (default: for ever). */
export interface SendOptions {
  qos?: Qos;
  /** QoS 1: reject with TIMEOUT when no PUBACK came within this many ms. */
  ackTimeoutMs?: number;
}

/** Answers a server-side RPC: the value returned is the JSON reply; `undefined` sends none (one-way). */
export type RpcHandler = (request: RpcRequestEvent) => unknown;

/** What `subscribe` turns on; filters of the client's family. */
export interface DeviceSubscriptions {
  sharedAttributes?: boolean;
  attributeResponses?: boolean;
  rpc?: boolean;
  rpcResponses?: boolean;
  /** OTA chunks and errors of these kinds. */
  ota?: readonly OtaKind[];
}

/** What `provision` sends (spec §10). */
export interface ProvisionRequestBody {
  provisionDeviceKey: string;
  provisionDeviceSecret: string;
  deviceName?: string;
  credentialsType?: 'ACCESS_TOKEN' | 'MQTT_BASIC' | 'X509_CERTIFICATE';
  token?: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** X.509: the certificate text, as the reference names it. */
  hash?: string;
  gateway?: boolean;
}

const encode = (payload: JsonPayload) =>
  typeof payload === 'string' ? payload : JSON.stringify(payload);

export class DeviceClient {
  readonly family: JsonFamily;
  readonly #port: SubscribingPort;
  readonly #requests: DeviceRequests;
  readonly #listeners = new DeviceListeners();
  readonly #rpcHandlers = new Map<string, RpcHandler>();
  /** The SUBACK code of every filter subscribed (or being subscribed) by this client. */
  readonly #subscriptions = new Map<string, Promise<number>>();
  readonly #stop: () => void;

  constructor(port: SubscribingPort, options: DeviceClientOptions = {}) {
    this.#port = port;
    this.family = options.family ?? 'v1';
    this.#requests = new DeviceRequests(port, options);
    this.#stop = port.onMessage((message) => {
      const event = decodeDeviceMessage(message);
      if (event === null) return;
      this.#requests.settle(event);
      if (event.kind === 'rpcRequest') this.#answer(event);
      this.#listeners.emit(event);
    });
  }

  /** Calls `listener` for every event of `kind`; returns the function that removes it. */
  on<K extends DeviceEventKind>(kind: K, listener: (event: DeviceEvents[K]) => void): () => void {
    return this.#listeners.on(kind, listener);
  }

  /** The next event of `kind` that `match` accepts; rejects with TIMEOUT after `timeoutMs`. */
  next<K extends DeviceEventKind>(
    kind: K,
    options: { match?: (event: DeviceEvents[K]) => boolean; timeoutMs?: number } = {},
  ): Promise<DeviceEvents[K]> {
    return this.#listeners.next(kind, options.match, options.timeoutMs);
  }

  /** Telemetry (spec §5: a flat object, `{ts, values}`, or an array of them); resolves on the PUBACK. */
  sendTelemetry(payload: JsonPayload, options: SendOptions = {}): Promise<PublishOutcome> {
    const topic = outboundTopic.telemetry(this.family);
    return this.#requests.publish(topic, encode(payload), options.qos ?? 1, options.ackTimeoutMs);
  }

  /** Client attributes (spec §6.1); resolves on the PUBACK, sent once they are stored. */
  sendAttributes(payload: JsonPayload, options: SendOptions = {}): Promise<PublishOutcome> {
    const topic = outboundTopic.clientAttributes(this.family);
    return this.#requests.publish(topic, encode(payload), options.qos ?? 1, options.ackTimeoutMs);
  }

  /** Registers for claiming (spec §9); resolves on the PUBACK, once the broker decided. */
  claim(
    request: { secretKey?: string; durationMs?: number } = {},
    options: Pick<SendOptions, 'ackTimeoutMs'> = {},
  ): Promise<PublishOutcome> {
    const body = JSON.stringify(request);
    return this.#requests.publish(DEVICE_TOPICS.claim, body, 1, options.ackTimeoutMs);
  }

  /** Asks for attributes (spec §6.2); no keys asks for every client and shared attribute. */
  async requestAttributes(
    keys: { clientKeys?: readonly string[]; sharedKeys?: readonly string[] } = {},
    options: { timeoutMs?: number } = {},
  ): Promise<AttributesResponseEvent> {
    const body: { clientKeys?: string; sharedKeys?: string } = {};
    if (keys.clientKeys) body.clientKeys = keys.clientKeys.join(',');
    if (keys.sharedKeys) body.sharedKeys = keys.sharedKeys.join(',');
    const requestId = this.#requests.freshId('attributes');
    const topic = outboundTopic.attributesRequest(this.family, requestId);
    const key = { kind: 'attributes', requestId } as const;
    return (await this.#requests.request(
      key,
      topic,
      JSON.stringify(body),
      options,
    )) as AttributesResponseEvent;
  }

  /** A client-side RPC (spec §8); resolves with the platform's reply (`{"error":"timeout"}` included). */
  async callRpc(
    method: string,
    params?: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcResponseEvent> {
    const requestId = this.#requests.freshId('rpc');
    const body = JSON.stringify(params === undefined ? { method } : { method, params });
    const topic = outboundTopic.rpcRequest(this.family, requestId);
    const key = { kind: 'rpc', requestId } as const;
    return (await this.#requests.request(key, topic, body, options)) as RpcResponseEvent;
  }

  /**
   * Provisions a device (spec §10) from a provision session (username `provision`): publishes on
   * `/provision/request` (or the seed's `/provision`) and resolves with the outcome.
   */
  async provision(
    request: ProvisionRequestBody,
    options: { timeoutMs?: number; topic?: 'provision' | 'provisionRequest' } = {},
  ): Promise<ProvisionOutcome> {
    const topic = DEVICE_TOPICS[options.topic ?? 'provisionRequest'];
    const body = JSON.stringify(request);
    const event = await this.#requests.request({ kind: 'provision' }, topic, body, options);
    return (event as ProvisionResponseEvent).outcome;
  }

  /**
   * Subscribes, in one SUBSCRIBE, to what is asked for and not yet subscribed (spec §3): shared-
   * attribute pushes and server-side RPCs are sent only once subscribed; responses and OTA chunks
   * come anyway, at the QoS of a matching subscription. Resolves with the SUBACK code per filter.
   */
  subscribe(what: DeviceSubscriptions): Promise<number[]> {
    const filters = [
      ...(what.sharedAttributes === true ? [outboundTopic.attributesPush(this.family)] : []),
      ...(what.attributeResponses === true ? [responseFilter.attributes(this.family)] : []),
      ...(what.rpc === true ? [responseFilter.rpcRequest(this.family)] : []),
      ...(what.rpcResponses === true ? [responseFilter.rpcResponse(this.family)] : []),
      ...(what.ota ?? []).flatMap((ota) => [
        responseFilter.otaChunks(ota),
        outboundTopic.otaError(ota),
      ]),
    ];
    const unsent = filters.filter((filter) => !this.#subscriptions.has(filter));
    if (unsent.length > 0) {
      const codes = this.#port.subscribe(Object.fromEntries(unsent.map((f) => [f, 1])));
      unsent.forEach((filter, i) => {
        const code = codes.then((all) => all[i] ?? 0x80);
        this.#subscriptions.set(filter, code);
        code.catch(() => this.#subscriptions.delete(filter));
      });
    }
    return Promise.all(filters.map((f) => this.#subscriptions.get(f) ?? Promise.resolve(0x80)));
  }

  /** Turns on shared-attribute pushes (spec §3, §6.3); resolves with the SUBACK code. */
  subscribeSharedAttributes(): Promise<number[]> {
    return this.subscribe({ sharedAttributes: true });
  }

  /** Turns on server-side RPC delivery (spec §3, §7): RPCs waiting for the device come at once. */
  subscribeRpc(): Promise<number[]> {
    return this.subscribe({ rpc: true });
  }

  /**
   * Answers server-side RPCs of `method` (`'*'`: every method without its own handler) with what
   * `handler` returns; a handler that throws answers `{"error": message}`. Subscribes on first use.
   */
  onRpc(method: string, handler: RpcHandler): () => void {
    this.#rpcHandlers.set(method, handler);
    this.subscribeRpc().catch((error: unknown) => {
      reportListenerError('DeviceClient: subscribing to RPC requests failed', error);
    });
    return () => {
      if (this.#rpcHandlers.get(method) === handler) this.#rpcHandlers.delete(method);
    };
  }

  /** Downloads a package chunk by chunk and checks it (spec §11); see {@link FirmwareDownloadOptions}. */
  downloadFirmware(options: FirmwareDownloadOptions = {}): Promise<FirmwareDownload> {
    const ota = options.ota ?? 'fw';
    const requestId = options.requestId ?? this.#requests.nextId();
    const size = encodeChunkSize(options.chunkSize ?? 16_384);
    return runFirmwareDownload({ ...options, ota, requestId }, async (chunk, timeoutMs, signal) => {
      const topic = outboundTopic.otaRequest(ota, requestId, chunk);
      const key = { kind: 'ota', ota, requestId, chunk } as const;
      return (await this.#requests.request(key, topic, size, {
        timeoutMs,
        signal,
      })) as OtaChunkEvent;
    });
  }

  /** Stops listening; pending requests and waits reject with CANCELLED. */
  dispose(reason = 'The device client was disposed.'): void {
    this.#stop();
    this.#rpcHandlers.clear();
    this.#listeners.clear(reason);
    this.#requests.cancelAll(reason);
  }

  #answer(request: RpcRequestEvent): void {
    const handler = this.#rpcHandlers.get(request.method) ?? this.#rpcHandlers.get('*');
    if (handler === undefined) return;
    const topic = outboundTopic.rpcResponse(this.family, request.requestId);
    void (async () => {
      let reply: unknown;
      try {
        reply = await handler(request);
      } catch (error) {
        reply = { error: error instanceof Error ? error.message : String(error) };
      }
      if (reply === undefined) return;
      // A reply lost with the connection: the platform times the call out (spec §7).
      await this.#requests.publish(topic, JSON.stringify(reply), 1).catch(() => undefined);
    })();
  }
}
