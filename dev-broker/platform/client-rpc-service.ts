import { encodeGetTimeReply, encodeSessionLimits } from '../../src/protocol/codecs/rpc.ts';
import { toCompactJson, type JsonNode } from '../../src/protocol/lenient-json.ts';
import { outboundTopic, type Family } from '../../src/protocol/topics.ts';
import type { Settings } from '../config/settings.ts';

import type { DeviceSession } from './device-session.ts';
import { invalid, notFound } from './errors.ts';
import type { EventsService } from './events-service.ts';

/** An operator reply rule for device → server RPCs (spec §8 step 2). */
export interface ClientRpcRule {
  method: string;
  /** A device id, or null for every device. */
  deviceId: string | null;
  action:
    { type: 'static'; value: unknown } | { type: 'echo' } | { type: 'error'; message: string };
  delayMs?: number;
}

/** A device → server request waiting for a live operator answer (spec §8 step 4). */
export interface PendingClientRpc {
  id: string;
  deviceId: string;
  deviceName: string;
  requestId: number;
  method: string;
  params: unknown;
  receivedAt: number;
  expiresAt: number;
}

interface Waiting extends PendingClientRpc {
  session: DeviceSession;
  family: Family;
  timer: NodeJS.Timeout;
  encode: ((json: string) => Buffer) | undefined;
}

export interface ClientRpcRequest {
  method: string;
  params: JsonNode | undefined;
  /** The request payload as received (echo rules send it back unchanged). */
  raw: string;
  /** The wire form of a JSON reply (Protobuf requests, spec §2); the JSON text itself when absent. */
  encode?: ((json: string) => Buffer) | undefined;
}

/** Client-side RPC (spec §8): built-ins, rules, live answers, then `{"error":"timeout"}`. */
export class ClientRpcService {
  #rules: ClientRpcRule[] = [];
  readonly #waiting = new Map<string, Waiting>();
  readonly #listeners = new Set<(pending: PendingClientRpc) => void>();
  #seq = 0;

  constructor(
    private readonly settings: () => Settings,
    private readonly events: EventsService,
  ) {}

  listRules(): ClientRpcRule[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  setRules(rules: ClientRpcRule[]): void {
    for (const rule of rules) {
      if (typeof rule.method !== 'string' || rule.method === '')
        throw invalid('every rule needs a method name');
      if (rule.delayMs !== undefined && (!Number.isInteger(rule.delayMs) || rule.delayMs < 0)) {
        throw invalid(`rule ${rule.method}: delayMs must be a non-negative integer`);
      }
    }
    this.#rules = rules.map((r) => ({ ...r }));
  }

  pending(): PendingClientRpc[] {
    return [...this.#waiting.values()].map(publicView);
  }

  onPending(listener: (pending: PendingClientRpc) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Answers a pending request live; the value is sent as JSON. */
  reply(id: string, value: unknown): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) {
      // spec §8: a reply after the timeout reply is dropped, with an event
      this.events.record({
        kind: 'dropped',
        message: `answer to client RPC ${id} dropped: it is not pending (timed out or answered)`,
      });
      throw notFound(`pending client RPC ${id} (it may have timed out)`);
    }
    this.#answer(waiting, JSON.stringify(value ?? null));
  }

  /** Handles one request after its PUBACK was sent. */
  handle(
    session: DeviceSession,
    family: Family,
    requestId: number,
    request: ClientRpcRequest,
  ): void {
    const topic = outboundTopic.rpcResponse(family, requestId);
    const send = (payload: string) =>
      void session.send(topic, request.encode ? request.encode(payload) : payload);
    const s = this.settings();
    const device = session.principal.kind === 'device' ? session.principal.device : null;
    if (!device) return;
    if (request.method === 'getSessionLimits') {
      send(sessionLimits(s, device.gateway));
      return;
    }
    const rule = this.#ruleFor(device.id, request.method);
    if (rule) {
      const payload =
        rule.action.type === 'echo'
          ? request.raw
          : rule.action.type === 'error'
            ? JSON.stringify({ error: rule.action.message })
            : JSON.stringify(rule.action.value ?? null);
      if (rule.delayMs) setTimeout(() => send(payload), rule.delayMs).unref();
      else send(payload);
      return;
    }
    if (request.method === 'getTime' && s.clientRpc.getTimeEnabled) {
      send(encodeGetTimeReply(Date.now()));
      return;
    }
    this.#wait(session, family, requestId, request, device);
  }

  #wait(
    session: DeviceSession,
    family: Family,
    requestId: number,
    request: ClientRpcRequest,
    device: { id: string; name: string },
  ): void {
    const id = String(++this.#seq);
    const timeoutMs = this.settings().clientRpc.timeoutMs;
    const now = Date.now();
    const waiting: Waiting = {
      id,
      deviceId: device.id,
      deviceName: device.name,
      requestId,
      method: request.method,
      params:
        request.params === undefined
          ? undefined
          : (JSON.parse(toCompactJson(request.params)) as unknown),
      receivedAt: now,
      expiresAt: now + timeoutMs,
      session,
      family,
      encode: request.encode,
      timer: setTimeout(
        () => this.#answer(waiting, JSON.stringify({ error: 'timeout' })),
        timeoutMs,
      ),
    };
    waiting.timer.unref();
    this.#waiting.set(id, waiting);
    for (const listener of this.#listeners) listener(publicView(waiting));
  }

  #answer(waiting: Waiting, payload: string): void {
    clearTimeout(waiting.timer);
    this.#waiting.delete(waiting.id);
    const wire = waiting.encode ? waiting.encode(payload) : payload;
    void waiting.session.send(outboundTopic.rpcResponse(waiting.family, waiting.requestId), wire);
  }

  #ruleFor(deviceId: string, method: string): ClientRpcRule | undefined {
    return (
      this.#rules.find((r) => r.method === method && r.deviceId === deviceId) ??
      this.#rules.find((r) => r.method === method && r.deviceId === null)
    );
  }

  dispose(): void {
    for (const waiting of this.#waiting.values()) clearTimeout(waiting.timer);
    this.#waiting.clear();
  }

  /** Drops the pending requests (their sessions are closed) and puts `rules` in place (reset, restore). */
  reset(rules: ClientRpcRule[]): void {
    this.dispose();
    this.setRules(rules);
  }
}

function publicView(w: PendingClientRpc): PendingClientRpc {
  const { id, deviceId, deviceName, requestId, method, params, receivedAt, expiresAt } = w;
  return { id, deviceId, deviceName, requestId, method, params, receivedAt, expiresAt };
}

function sessionLimits(s: Settings, gateway: boolean): string {
  const r = s.rateLimits;
  const device = {
    messages: r.messages,
    telemetryMessages: r.telemetryMessages,
    telemetryDataPoints: r.telemetryDataPoints,
  };
  const gatewayLimits = {
    messages: r.gatewayMessages,
    telemetryMessages: r.gatewayTelemetryMessages,
    telemetryDataPoints: r.gatewayTelemetryDataPoints,
  };
  return encodeSessionLimits({
    maxPayloadSize: s.maxPayloadSize,
    maxInflightMessages: s.maxInflightMessages,
    rateLimits: device,
    ...(gateway ? { gatewayRateLimits: gatewayLimits } : {}),
  });
}
