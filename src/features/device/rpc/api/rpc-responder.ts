/**
 * The device side of server-side RPC (spec §7), outside React: it keeps the request filter
 * subscribed, puts every request in the inbox, applies the auto-responder rules and publishes
 * replies on the response topic of the request's family.
 */
import { perChannel } from '@/lib/correlated-requests.ts';
import type { LiveChannel } from '@/lib/device-channel.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { keepSubscribed } from '@/lib/keep-subscribed.ts';
import { protobufCodec } from '@/lib/protobuf-device.ts';
import { decodeClientRpcRequest } from '@/protocol/codecs/rpc.ts';
import { toCompactJson } from '@/protocol/lenient-json.ts';
import { outboundTopic, parseInboundTopic, responseFilter } from '@/protocol/topics.ts';
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

/**
 * A request as method and params JSON: JSON, or — when the device speaks Protobuf (its profile is PROTOBUF,
 * lib/protobuf-device.ts) and the family is not `/j` — decoded with the RPC request schema (spec §2.3).
 */
function readRequest(
  family: Family,
  payload: Uint8Array,
  text: string,
): { ok: true; method: string; paramsJson: string | null } | { ok: false; message: string } {
  const codec = family === 'v2j' ? null : protobufCodec();
  if (codec !== null) return codec.decodeRpcRequest(payload);
  const decoded = decodeClientRpcRequest(text);
  if (!decoded.ok) return { ok: false, message: decoded.error.message };
  const params = decoded.value.params;
  return {
    ok: true,
    method: decoded.value.method,
    paramsJson: params === undefined ? null : toCompactJson(params),
  };
}

/** The reply as sent: the JSON text, or encoded with the RPC response schema in Protobuf mode. */
function wireReply(family: Family, payload: string): string | Uint8Array {
  const codec = family === 'v2j' ? null : protobufCodec();
  if (codec === null) return payload;
  const encoded = codec.encodeRpcReply(payload);
  if (!encoded.ok) throw new Error(encoded.message);
  return encoded.bytes;
}

export function createRpcResponder(
  channel: LiveChannel,
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

  const stopMessages = channel.onMessage((message) => {
    const route = parseInboundTopic(message.topic);
    if (route.kind !== 'rpcRequest') return;
    sequence += 1;
    const base = {
      key: `${route.family}:${route.requestId}:${sequence}`,
      requestId: route.requestId,
      family: route.family,
      receivedAt: message.receivedAt,
    };
    const decoded = readRequest(route.family, message.payload, message.text);
    if (!decoded.ok) {
      inbox().received({
        ...base,
        method: '(unreadable request)',
        paramsJson: message.text,
        status: 'failed',
        note: decoded.message,
      });
      return;
    }
    const entry: InboxEntry = {
      ...base,
      method: decoded.method,
      paramsJson: decoded.paramsJson,
      status: 'pending',
    };
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
      listening?.stop();
      listening = null;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The app's responder: one per session, created when the RPC panel is first shown. */
export const rpcResponderFor = perChannel((channel: LiveChannel) => createRpcResponder(channel));
