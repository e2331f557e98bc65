import type { DownlinkWhich } from '../../src/protocol/faults.ts';
import { DEVICE_FILTERS, filterMatches, type SubscriptionKind } from '../../src/protocol/topics.ts';
import type { DeviceSession } from '../platform/device-session.ts';

import { faultTarget } from './fault-target.ts';
import type { FaultRule, Faults } from './faults.ts';

export type DownlinkFault =
  FaultRule<'downlink.drop'> | FaultRule<'downlink.delay'> | FaultRule<'downlink.duplicate'>;

const WHICH: Partial<Record<SubscriptionKind, Exclude<DownlinkWhich, 'any'>>> = {
  rpcRequest: 'rpc',
  gatewayRpc: 'rpc',
  attributesPush: 'attributes',
  gatewayAttributes: 'attributes',
  attributesResponse: 'attributeResponse',
  gatewayAttributesResponse: 'attributeResponse',
};

/** What a broker → device topic carries, from the allow-list entry it matches (spec §3). */
export function downlinkWhich(topic: string): Exclude<DownlinkWhich, 'any'> | undefined {
  for (const [filter, allowed] of DEVICE_FILTERS)
    if (filterMatches(filter, topic)) return WHICH[allowed.kind];
  return undefined;
}

const LABEL: Record<Exclude<DownlinkWhich, 'any'>, string> = {
  rpc: 'RPC request',
  attributes: 'attribute push',
  attributeResponse: 'attribute response',
};

/** A downlink rule firing for this PUBLISH to a device session, if any (ADR 0011). */
export function downlinkFault(
  faults: Faults,
  session: DeviceSession | null,
  topic: string,
): DownlinkFault | undefined {
  if (
    !faults.has('downlink.drop') &&
    !faults.has('downlink.delay') &&
    !faults.has('downlink.duplicate')
  )
    return undefined;
  const target = faultTarget(session, topic);
  if (!target) return undefined;
  const which = downlinkWhich(topic);
  const what = which ? LABEL[which] : 'message';
  const accept = (rule: DownlinkFault) => rule.which === 'any' || rule.which === which;
  return (
    faults.fire('downlink.drop', target, () => `${what} dropped`, accept) ??
    faults.fire('downlink.delay', target, (r) => `${what} delayed by ${String(r.ms)} ms`, accept) ??
    faults.fire('downlink.duplicate', target, () => `${what} sent twice`, accept)
  );
}

/** Delayed sends of one connection: each resolves with the send's result, or false once closed. */
export class DelayedSends {
  readonly #pending = new Map<NodeJS.Timeout, (sent: boolean) => void>();

  after(ms: number, send: () => Promise<boolean>): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        send().then(resolve, () => resolve(false));
      }, ms);
      timer.unref();
      this.#pending.set(timer, resolve);
    });
  }

  cancel(): void {
    for (const [timer, resolve] of this.#pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.#pending.clear();
  }
}
