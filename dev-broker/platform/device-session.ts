import { isOperatorFilter } from '../../src/protocol/operator-topics.ts';
import {
  DEVICE_FILTERS,
  PROVISION_FILTERS,
  filterMatches,
  type AllowedFilter,
  type Family,
  type SubscriptionKind,
} from '../../src/protocol/topics.ts';

import type { Principal } from './auth.ts';

/**
 * The broker core's side of one network connection, implemented by the aedes adapter. The platform
 * never sees aedes objects, only this.
 */
export interface SessionLink {
  readonly clientId: string;
  readonly protocolVersion: number;
  readonly transport: 'tcp' | 'ws';
  readonly remoteAddress: string;
  /**
   * Sends a PUBLISH to this connection only. Resolves `true` once a QoS 1 message is acknowledged
   * (PUBACK) or a QoS 0 message is written; `false` if the connection closed first.
   */
  send(topic: string, payload: Buffer, qos: 0 | 1): Promise<boolean>;
  /** MQTT 5: the largest packet the client accepts (its CONNECT Maximum Packet Size), if it set one. */
  readonly maxPacketSize: number | undefined;
  /** Whether such a PUBLISH fits `maxPacketSize`; a larger one is never sent ([MQTT-3.1.2-24]). */
  publishFits(topic: string, payloadBytes: number, qos: 0 | 1): boolean;
  /** Drops the connection; on MQTT 5 a DISCONNECT with `v5ReasonCode` is sent first when given. */
  close(v5ReasonCode?: number): void;
}

export interface GrantedSubscription extends AllowedFilter {
  filter: string;
  qos: 0 | 1;
}

let nextSessionId = 1;

/** Platform state of one connected device or provision client. */
export class DeviceSession {
  readonly id = nextSessionId++;
  readonly connectedAt = Date.now();
  /** Granted subscriptions in subscription order (a re-subscribe moves the filter to the end). */
  readonly subscriptions = new Map<string, GrantedSubscription>();
  closed = false;
  closeReason: string | null = null;

  constructor(
    readonly link: SessionLink,
    readonly principal: Principal,
  ) {}

  get deviceId(): string | null {
    return this.principal.kind === 'device' ? this.principal.device.id : null;
  }

  get label(): string {
    switch (this.principal.kind) {
      case 'device':
        return this.principal.device.name;
      case 'operator':
        return `operator:${this.principal.account}`;
      case 'provision':
        return `provision:${this.link.clientId}`;
    }
  }

  /** The allow-list entry for a filter, or undefined when the filter is refused (spec §3). */
  allowedFilter(filter: string): AllowedFilter | undefined {
    if (this.principal.kind === 'operator')
      return isOperatorFilter(filter) ? { kind: 'operator' } : undefined;
    const list = this.principal.kind === 'provision' ? PROVISION_FILTERS : DEVICE_FILTERS;
    return list.get(filter);
  }

  addSubscription(filter: string, qos: 0 | 1): GrantedSubscription | undefined {
    const allowed = this.allowedFilter(filter);
    if (!allowed) return undefined;
    const granted: GrantedSubscription = { ...allowed, filter, qos };
    this.subscriptions.delete(filter);
    this.subscriptions.set(filter, granted);
    return granted;
  }

  removeSubscription(filter: string): GrantedSubscription | undefined {
    const existing = this.subscriptions.get(filter);
    this.subscriptions.delete(filter);
    return existing;
  }

  /** Family of the most recent subscription of this kind (spec §2.2 reply family), if any. */
  familyOf(kind: SubscriptionKind): { family: Family; qos: 0 | 1 } | undefined {
    let found: { family: Family; qos: 0 | 1 } | undefined;
    for (const sub of this.subscriptions.values()) {
      if (sub.kind === kind && sub.family) found = { family: sub.family, qos: sub.qos };
    }
    return found;
  }

  hasSubscription(kind: SubscriptionKind): boolean {
    for (const sub of this.subscriptions.values()) if (sub.kind === kind) return true;
    return false;
  }

  /** QoS of a broker → device message: the matching subscription's granted QoS, else 1 (spec §3). */
  qosFor(topic: string): 0 | 1 {
    let qos: 0 | 1 | undefined;
    for (const sub of this.subscriptions.values()) {
      if (filterMatches(sub.filter, topic)) qos = sub.qos;
    }
    return qos ?? 1;
  }

  /** Whether a publish of `payloadBytes` to `topic` fits the client's Maximum Packet Size. */
  fits(topic: string, payloadBytes: number): boolean {
    return this.link.publishFits(topic, payloadBytes, this.qosFor(topic));
  }

  /** Publishes to this connection with the QoS rule of spec §3. */
  send(topic: string, payload: string | Buffer): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return this.link.send(topic, bytes, this.qosFor(topic));
  }
}
