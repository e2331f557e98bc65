import { randomUUID } from 'node:crypto';

import { decodeRpcReply } from '../../src/protocol/codecs/rpc.ts';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/protocol/json-depth.ts';
import { toCompactJson, toPlainValue } from '../../src/protocol/lenient-json.ts';
import { GATEWAY_TOPICS, outboundTopic } from '../../src/protocol/topics.ts';
import type { Settings } from '../config/settings.ts';
import type { RpcRecord, RpcStatus, Storage } from '../storage/storage.ts';

import type { DeviceSession } from './device-session.ts';
import { HubError, invalid, notFound } from './errors.ts';
import { setLongTimeout, type LongTimer } from './long-timer.ts';
import { gatewayRpcPayload, rpcRequestPayload } from './payload-format.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface RpcSendInput {
  deviceId: string;
  method: string;
  params?: unknown;
  oneway?: boolean;
  /** ms; default `rpc.defaultTimeoutMs`, at least `rpc.minTimeoutMs`. */
  timeout?: number;
  /** Epoch ms; overrides `timeout`. */
  expirationTime?: number;
  persistent?: boolean;
  retries?: number;
  additionalInfo?: unknown;
}

/** What a device answered: JSON passes through as JSON, anything else as text (spec §7). */
export type RpcReply = { json: true; value: unknown } | { json: false; text: string };

export type RpcSendResult =
  | { kind: 'reply'; reply: RpcReply }
  | { kind: 'delivered' }
  | { kind: 'persistent'; rpcId: string; status: RpcStatus };

export interface RpcChange {
  deviceId: string;
  requestId: number;
  method: string;
  status: RpcStatus;
  rpcId: string | null;
  reply?: RpcReply;
}

interface PendingRpc {
  requestId: number;
  /** The RPC's UUID: the persistent record's id, or a fresh one (sent to sub-devices, spec §2.3). */
  uuid: string;
  deviceId: string;
  method: string;
  paramsJson: string;
  oneway: boolean;
  expiresAt: number;
  status: RpcStatus;
  record: RpcRecord | null;
  retryLimit: number;
  waiter: { resolve: (r: RpcSendResult) => void; reject: (e: Error) => void } | null;
  expiryTimer: LongTimer | null;
  ackTimer: NodeJS.Timeout | null;
}

/** Where an RPC goes: a device session directly, or a gateway session for the named sub-device. */
interface RpcTarget {
  session: DeviceSession;
  subDevice: string | null;
}

const FINAL: ReadonlySet<RpcStatus> = new Set(['SUCCESSFUL', 'EXPIRED', 'FAILED', 'DELETED']);

/** Server-side RPC (spec §7): per-device ids from 0, delivery on subscribe, the persistent state machine. */
export class RpcService {
  readonly #counters = new Map<string, number>();
  readonly #pending = new Map<string, Map<number, PendingRpc>>();
  readonly #listeners = new Set<(change: RpcChange) => void>();

  constructor(
    private readonly storage: Storage,
    private readonly sessions: SessionRegistry,
    private readonly settings: () => Settings,
  ) {}

  /** Re-queues persistent RPCs that survived a restart, with fresh ids in creation order. */
  restorePersistent(): void {
    for (const record of this.storage.rpc.listPending()) {
      const status: RpcStatus = record.status === 'SENT' ? 'TIMEOUT' : record.status;
      this.#track({ ...record, status }, status);
    }
  }

  async send(input: RpcSendInput): Promise<RpcSendResult> {
    if (typeof input.method !== 'string' || input.method === '')
      throw invalid('method must be a non-empty string');
    if (!this.storage.devices.get(input.deviceId)) throw notFound(`device ${input.deviceId}`);
    const s = this.settings();
    const timeout = Math.max(input.timeout ?? s.rpc.defaultTimeoutMs, s.rpc.minTimeoutMs);
    const expiresAt = input.expirationTime ?? Date.now() + timeout;
    if (nestedDeeperThan(input.params, MAX_JSON_DEPTH))
      throw invalid(`params nest deeper than ${String(MAX_JSON_DEPTH)} levels`);
    // spec §7: params pass through unchanged (null stays null); {} only when they are left out
    const paramsJson = JSON.stringify(input.params === undefined ? {} : input.params);
    if (input.persistent) {
      const now = Date.now();
      const record: RpcRecord = {
        id: randomUUID(),
        deviceId: input.deviceId,
        method: input.method,
        params: paramsJson,
        oneway: input.oneway ?? false,
        status: expiresAt <= now ? 'EXPIRED' : 'QUEUED',
        expirationTime: expiresAt,
        retries: Math.min(input.retries ?? s.rpc.maxRetries, s.rpc.maxRetries),
        attempts: 0,
        response: null,
        additionalInfo:
          input.additionalInfo === undefined ? null : JSON.stringify(input.additionalInfo),
        createdAt: now,
        updatedAt: now,
      };
      await this.storage.rpc.save(record);
      if (record.status === 'QUEUED') {
        this.#track(record, 'QUEUED');
        this.deliverPending(input.deviceId);
      } else {
        this.#counters.set(input.deviceId, (this.#counters.get(input.deviceId) ?? 0) + 1); // spec §7: every RPC created takes an id
      }
      return {
        kind: 'persistent',
        rpcId: record.id,
        status: this.storage.rpc.get(record.id)?.status ?? record.status,
      };
    }
    return new Promise<RpcSendResult>((resolve, reject) => {
      const entry = this.#newEntry(
        input.deviceId,
        input.method,
        paramsJson,
        input.oneway ?? false,
        expiresAt,
        null,
      );
      entry.waiter = { resolve, reject };
      this.deliverPending(input.deviceId);
    });
  }

  get(rpcId: string): RpcRecord {
    const record = this.storage.rpc.get(rpcId);
    if (!record) throw notFound(`rpc ${rpcId}`);
    return record;
  }

  list(deviceId: string, statuses?: RpcStatus[]): RpcRecord[] {
    return this.storage.rpc.listByDevice(deviceId, statuses);
  }

  async delete(rpcId: string): Promise<void> {
    const record = this.get(rpcId);
    const entry = [...(this.#pending.get(record.deviceId)?.values() ?? [])].find(
      (e) => e.record?.id === rpcId,
    );
    if (entry) await this.#finish(entry, 'DELETED');
    else await this.storage.rpc.save({ ...record, status: 'DELETED', updatedAt: Date.now() });
  }

  onChange(listener: (change: RpcChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends every deliverable RPC of the device, in creation order, to its RPC-subscribed sessions, or to
   * the gateway it is connected through (spec §7, §12).
   */
  deliverPending(deviceId: string): void {
    const targets: RpcTarget[] = this.sessions
      .forDevice(deviceId)
      .filter((s) => s.hasSubscription('rpcRequest'))
      .map((session) => ({ session, subDevice: null }));
    const gateway = this.sessions.gatewayFor(deviceId);
    const name = gateway ? this.storage.devices.get(deviceId)?.name : undefined;
    if (gateway && name !== undefined) targets.push({ session: gateway, subDevice: name });
    if (targets.length === 0) return;
    for (const entry of this.#pending.get(deviceId)?.values() ?? []) {
      if (entry.status === 'QUEUED' || entry.status === 'TIMEOUT') this.#dispatch(entry, targets);
    }
  }

  /**
   * A device's reply on `…/rpc/response/{id}`. Resolves `false` when no such RPC awaits a reply
   * (the caller records a `dropped` event); otherwise after the reply is stored.
   */
  async handleReply(deviceId: string, requestId: number, text: string): Promise<boolean> {
    const entry = this.#pending.get(deviceId)?.get(requestId);
    if (!entry || entry.oneway || FINAL.has(entry.status)) return false;
    const decoded = decodeRpcReply(text);
    const reply: RpcReply = decoded.json
      ? { json: true, value: toPlainValue(decoded.value) }
      : { json: false, text: decoded.text };
    if (entry.record) {
      entry.record.response = decoded.json
        ? toCompactJson(decoded.value)
        : JSON.stringify({ error: decoded.text });
    }
    await this.#finish(entry, 'SUCCESSFUL', { kind: 'reply', reply }, reply);
    return true;
  }

  #newEntry(
    deviceId: string,
    method: string,
    paramsJson: string,
    oneway: boolean,
    expiresAt: number,
    record: RpcRecord | null,
  ): PendingRpc {
    const requestId = this.#counters.get(deviceId) ?? 0;
    this.#counters.set(deviceId, requestId + 1);
    const entry: PendingRpc = {
      requestId,
      uuid: record?.id ?? randomUUID(),
      deviceId,
      method,
      paramsJson,
      oneway,
      expiresAt,
      status: record?.status ?? 'QUEUED',
      record,
      retryLimit: record?.retries ?? 0,
      waiter: null,
      expiryTimer: null,
      ackTimer: null,
    };
    let map = this.#pending.get(deviceId);
    if (!map) this.#pending.set(deviceId, (map = new Map<number, PendingRpc>()));
    map.set(requestId, entry);
    // spec §7: a persistent RPC may expire weeks away, past setTimeout's ~24.8-day limit
    entry.expiryTimer = setLongTimeout(() => void this.#expire(entry), expiresAt);
    return entry;
  }

  #track(record: RpcRecord, status: RpcStatus): void {
    const entry = this.#newEntry(
      record.deviceId,
      record.method,
      record.params,
      record.oneway,
      record.expirationTime,
      record,
    );
    entry.status = status;
  }

  #dispatch(entry: PendingRpc, targets: RpcTarget[]): void {
    entry.status = 'SENT';
    if (entry.record) entry.record.attempts++;
    void this.#persist(entry);
    this.#emit(entry);
    if (entry.record) {
      entry.ackTimer = setTimeout(
        () => void this.#ackTimeout(entry),
        this.settings().rpcAckTimeoutMs,
      );
      entry.ackTimer.unref();
    }
    for (const { session, subDevice } of targets) {
      const sent =
        subDevice === null
          ? this.#sendDirect(session, entry)
          : session.send(
              GATEWAY_TOPICS.rpc,
              gatewayRpcPayload(this.storage, session, subDevice, entry),
            );
      void sent.then((acked) => {
        if (acked) void this.#delivered(entry);
      });
    }
  }

  #sendDirect(session: DeviceSession, entry: PendingRpc): Promise<boolean> {
    const sub = session.familyOf('rpcRequest');
    if (!sub) return Promise.resolve(false);
    // JSON or Protobuf by the subscription's family and the profile (payload-format.ts, spec §2)
    return session.send(
      outboundTopic.rpcRequest(sub.family, entry.requestId),
      rpcRequestPayload(this.storage, session, sub.family, entry),
    );
  }

  async #delivered(entry: PendingRpc): Promise<void> {
    if (entry.status !== 'SENT') return;
    if (entry.ackTimer) clearTimeout(entry.ackTimer);
    if (entry.oneway) {
      await this.#finish(entry, 'DELIVERED', { kind: 'delivered' });
      return;
    }
    entry.status = 'DELIVERED';
    await this.#persist(entry);
    this.#emit(entry);
  }

  async #ackTimeout(entry: PendingRpc): Promise<void> {
    if (entry.status !== 'SENT' || !entry.record) return;
    if (entry.record.attempts - 1 >= entry.retryLimit) {
      entry.record.response = JSON.stringify({
        error: `There was a Timeout and all retry attempts have been exhausted. Retry attempts set: ${String(entry.retryLimit)}`,
      });
      await this.#finish(entry, 'FAILED');
      return;
    }
    entry.status = 'TIMEOUT';
    await this.#persist(entry);
    this.#emit(entry);
  }

  async #expire(entry: PendingRpc): Promise<void> {
    if (FINAL.has(entry.status) || (entry.oneway && entry.status === 'DELIVERED')) return;
    if (entry.record) {
      await this.#finish(entry, 'EXPIRED');
      return;
    }
    this.#remove(entry);
    entry.status = 'EXPIRED';
    this.#emit(entry);
    entry.waiter?.reject(
      new HubError(
        'DEADLINE_EXCEEDED',
        `RPC ${entry.method} timed out: the device did not answer in time`,
      ),
    );
  }

  async #finish(
    entry: PendingRpc,
    status: RpcStatus,
    result?: RpcSendResult,
    reply?: RpcReply,
  ): Promise<void> {
    this.#remove(entry);
    entry.status = status;
    await this.#persist(entry);
    this.#emit(entry, reply);
    if (result) entry.waiter?.resolve(result);
  }

  #remove(entry: PendingRpc): void {
    entry.expiryTimer?.cancel();
    if (entry.ackTimer) clearTimeout(entry.ackTimer);
    this.#pending.get(entry.deviceId)?.delete(entry.requestId);
  }

  async #persist(entry: PendingRpc): Promise<void> {
    if (!entry.record) return;
    entry.record.status = entry.status;
    entry.record.updatedAt = Date.now();
    await this.storage.rpc.save({ ...entry.record });
  }

  #emit(entry: PendingRpc, reply?: RpcReply): void {
    const change: RpcChange = {
      deviceId: entry.deviceId,
      requestId: entry.requestId,
      method: entry.method,
      status: entry.status,
      rpcId: entry.record?.id ?? null,
      ...(reply ? { reply } : {}),
    };
    for (const listener of this.#listeners) listener(change);
  }

  /** Stops every timer (broker shutdown). */
  dispose(): void {
    this.#abandonAll('the broker is shutting down');
  }

  /**
   * Forgets every pending RPC (their callers get FAILED_PRECONDITION) and restarts request ids at 0:
   * the stored state is being replaced (reset, restore). Call `restorePersistent` once it is.
   */
  reset(): void {
    this.#abandonAll('the broker state was replaced (reset or restore) before the device answered');
    this.#counters.clear();
  }

  #abandonAll(reason: string): void {
    for (const map of this.#pending.values()) {
      for (const entry of map.values()) {
        entry.expiryTimer?.cancel();
        if (entry.ackTimer) clearTimeout(entry.ackTimer);
        entry.waiter?.reject(new HubError('FAILED_PRECONDITION', reason));
      }
    }
    this.#pending.clear();
  }
}
