/**
 * The device side of server-side RPC (spec §7), outside React: it keeps the request filter
 * subscribed, puts every request in the inbox, applies the auto-responder rules and publishes
 * replies on the response topic of the request's family.
 */
import { devicePart, type DeviceSide } from '@/lib/device-side.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { keepSubscribed } from '@/lib/keep-subscribed.ts';
import { protobufCodec } from '@/lib/protobuf-device.ts';
import { outboundTopic, responseFilter } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import { useRpcInboxStore } from '../stores/rpc-inbox-store.ts';
import type { InboxEntry, InboxStatus } from '../stores/rpc-inbox-store.ts';
import { useRpcRulesStore } from '../stores/rpc-rules-store.ts';

import { decideReply } from './rpc-rules.ts';
import type { RpcRule } from './rpc-rules.ts';

export interface RpcResponder {
  /** Subscribes to the family's request filter (and drops the previous family's). */
  listen(family: Family): void;
  /** Publishes the user's reply to an inbox entry. */
  reply(key: string, payload: string): Promise<void>;
  dispose(): void;
}

export interface RpcResponderDeps {
  rules: () => readonly RpcRule[];
  inbox: typeof useRpcInboxStore;
}

const defaultDeps: RpcResponderDeps = {
  rules: () => useRpcRulesStore.getState().rules,
  inbox: useRpcInboxStore,
};

/** The reply as sent: the JSON text, or encoded with the RPC response schema in Protobuf mode. */
function wireReply(family: Family, payload: string): string | Uint8Array {
  const codec = family === 'v2j' ? null : protobufCodec();
  if (codec === null) return payload;
  const encoded = codec.encodeRpcReply(payload);
  if (!encoded.ok) throw new Error(encoded.message);
  return encoded.bytes;
}

/**
 * Requests arrive as the router's `rpcRequest` events (decoded once; in the console's Protobuf mode
 * with the profile's RPC request schema, lib/console-device-decoder.ts) or, when unreadable, as
 * `badFrame` events. Per connection: replies a rule scheduled are dropped on `connect()` (the inbox
 * is emptied then, app/device-parts.ts), so connection A's requests are never answered on B.
 */
export function createRpcResponder(
  { channel, router }: DeviceSide,
  deps: RpcResponderDeps = defaultDeps,
): RpcResponder {
  const inbox = () => deps.inbox.getState();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let sequence = 0;
  let listening: { family: Family; stop: () => void } | null = null;

  async function send(entry: InboxEntry, payload: string, status: InboxStatus, note?: string) {
    try {
      const topic = outboundTopic.rpcResponse(entry.family, entry.requestId);
      const outcome = await channel.publish(topic, wireReply(entry.family, payload), { qos: 1 });
      inbox().update(entry.key, {
        status,
        reply: payload,
        repliedAt: Date.now(),
        latencyMs: outcome.latencyMs,
        ...(note === undefined ? {} : { note }),
      });
    } catch (error) {
      inbox().update(entry.key, { status: 'failed', reply: payload, note: errorMessage(error) });
      throw error;
    }
  }

  function applyRules(entry: InboxEntry): void {
    const decision = decideReply(deps.rules(), entry.method, entry.paramsJson);
    switch (decision.kind) {
      case 'none':
        return;
      case 'ignore':
        inbox().update(entry.key, {
          status: 'ignored',
          note: `Never answered (rule “${decision.rule.method}”)`,
        });
        return;
      case 'invalid':
        inbox().update(entry.key, {
          note: `Rule “${decision.rule.method}” skipped: ${decision.message}`,
        });
        return;
      case 'reply': {
        const note = `Answered by rule “${decision.rule.method}”`;
        const fire = () =>
          send(entry, decision.payload, 'auto-replied', note).catch(() => undefined);
        if (decision.delayMs === 0) {
          void fire();
          return;
        }
        inbox().update(entry.key, {
          status: 'scheduled',
          note: `Rule “${decision.rule.method}” replies after ${decision.delayMs} ms`,
        });
        const timer = setTimeout(() => {
          timers.delete(timer);
          void fire();
        }, decision.delayMs);
        timers.add(timer);
      }
    }
  }

  const baseOf = (event: { family: Family; requestId: number; receivedAt: number }) => {
    sequence += 1;
    return {
      key: `${event.family}:${String(event.requestId)}:${String(sequence)}`,
      requestId: event.requestId,
      family: event.family,
      receivedAt: event.receivedAt,
    };
  };
  const onUnreadable = router.on('badFrame', (event) => {
    if (event.route.kind !== 'rpcRequest') return;
    inbox().received({
      ...baseOf({ ...event.route, receivedAt: event.receivedAt }),
      method: '(unreadable request)',
      paramsJson: event.text,
      status: 'failed',
      note: event.error.message,
    });
  });
  const onConnect = router.onConnect(() => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  });
  const stopMessages = router.on('rpcRequest', (event) => {
    const base = baseOf(event);
    const entry: InboxEntry = {
      ...base,
      method: event.method,
      paramsJson: event.paramsJson,
      status: 'pending',
    };
    // QoS 1 is at least once: the same request again (a redelivery, or a duplicate the broker was
    // told to send) is shown, not answered twice
    const first = inbox().entries.find((e) => isSameRequest(e, entry));
    if (first !== undefined) {
      inbox().received({
        ...entry,
        status: 'ignored',
        note: `The same request (id ${String(entry.requestId)}) arrived again: a duplicate delivery (MQTT QoS 1 delivers at least once). Only the first is answered.`,
      });
      return;
    }
    inbox().received(entry);
    applyRules(entry);
  });

  return {
    listen(family) {
      if (listening?.family === family) return;
      if (listening !== null) {
        listening.stop();
        channel.unsubscribe([responseFilter.rpcRequest(listening.family)]).catch(() => undefined);
      }
      inbox().setFamily(family);
      inbox().setSubscribeError(null);
      const stop = keepSubscribed(
        channel,
        { [responseFilter.rpcRequest(family)]: 1 },
        (message) => {
          inbox().setSubscribeError(message);
        },
      );
      listening = { family, stop };
    },
    async reply(key, payload) {
      const entry = inbox().entries.find((candidate) => candidate.key === key);
      if (entry === undefined) throw new Error('That request is no longer in the inbox.');
      await send(entry, payload, 'replied');
    },
    dispose() {
      stopMessages();
      onUnreadable();
      onConnect();
      listening?.stop();
      listening = null;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The app's responder: one per session (app/device-parts.ts). */
export const rpcResponderPart = devicePart('RPC responder', (side) => createRpcResponder(side));

/** How long after a request an identical one counts as its duplicate (ids restart with the broker). */
const DUPLICATE_WINDOW_MS = 60_000;

function isSameRequest(earlier: InboxEntry, later: InboxEntry): boolean {
  return (
    earlier.family === later.family &&
    earlier.requestId === later.requestId &&
    earlier.method === later.method &&
    earlier.paramsJson === later.paramsJson &&
    later.receivedAt - earlier.receivedAt <= DUPLICATE_WINDOW_MS
  );
}
