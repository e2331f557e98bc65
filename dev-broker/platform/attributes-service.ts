import { decodeClientAttributes } from '../../src/protocol/codecs/attributes.ts';
import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import type { AttributeEntry, AttributeScope, KvEntry } from '../../src/protocol/kv.ts';
import { GATEWAY_TOPICS, outboundTopic } from '../../src/protocol/topics.ts';
import type { Storage } from '../storage/storage.ts';

import { invalid } from './errors.ts';
import {
  gatewaySharedPushPayload,
  sharedPushPayload,
  type SharedChange,
} from './payload-format.ts';
import type { SessionRegistry } from './session-registry.ts';

export type AttributeChange =
  | { deviceId: string; scope: AttributeScope; kind: 'updated'; entries: KvEntry[] }
  | { deviceId: string; scope: AttributeScope; kind: 'deleted'; keys: string[] };

export type AttributeListener = (change: AttributeChange) => void;

/** Client, shared and server attributes (spec §6) and the shared-update push (spec §6.3). */
export class AttributesService {
  readonly #listeners = new Set<AttributeListener>();

  constructor(
    private readonly storage: Storage,
    private readonly sessions: SessionRegistry,
    private readonly typing: () => TypingOptions,
  ) {}

  get(deviceId: string, scope: AttributeScope, keys?: string[]): AttributeEntry[] {
    return this.storage.attributes.get(deviceId, scope, keys);
  }

  /** Types a plain JSON object as a device payload would be typed (spec §5). */
  toEntries(values: unknown): KvEntry[] {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw invalid('attributes must be a JSON object of key → value');
    }
    const decoded = decodeClientAttributes(JSON.stringify(values), this.typing());
    if (!decoded.ok) throw invalid(decoded.error.message);
    return decoded.value;
  }

  /** Stores attributes; resolves once durable. Shared writes are pushed to subscribed sessions. */
  async save(deviceId: string, scope: AttributeScope, entries: KvEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.storage.attributes.save(deviceId, scope, entries, Date.now());
    if (scope === 'SHARED') this.#push(deviceId, { updated: entries });
    this.#emit({ deviceId, scope, kind: 'updated', entries });
  }

  /** Deletes keys; a shared deletion is pushed as `{"deleted":[…]}` (spec §6.3). */
  async delete(deviceId: string, scope: AttributeScope, keys: string[]): Promise<string[]> {
    const deleted = await this.storage.attributes.delete(deviceId, scope, keys);
    if (deleted.length === 0) return deleted;
    if (scope === 'SHARED') this.#push(deviceId, { deleted });
    this.#emit({ deviceId, scope, kind: 'deleted', keys: deleted });
    return deleted;
  }

  onChange(listener: AttributeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** JSON or Protobuf per session (payload-format.ts, spec §2). */
  #push(deviceId: string, change: SharedChange): void {
    for (const session of this.sessions.forDevice(deviceId)) {
      const sub = session.familyOf('attributesPush');
      if (!sub) continue;
      void session.send(
        outboundTopic.attributesPush(sub.family),
        sharedPushPayload(this.storage, session, sub.family, change),
      );
    }
    // spec §12: a connected sub-device gets its updates through its gateway, subscribed or not
    const gateway = this.sessions.gatewayFor(deviceId);
    const name = gateway ? this.storage.devices.get(deviceId)?.name : undefined;
    if (gateway && name !== undefined)
      void gateway.send(
        GATEWAY_TOPICS.attributes,
        gatewaySharedPushPayload(this.storage, gateway, name, change),
      );
  }

  #emit(change: AttributeChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
