import type { Aedes, AedesOptions, Client, SubscribePacket, Subscription } from 'aedes';

import { isOperatorFilter } from '../../src/protocol/operator-topics.ts';
import { DEVICE_FILTERS, PROVISION_FILTERS } from '../../src/protocol/topics.ts';

import { refusalKeepingCode } from './aedes-internals.ts';
import { hookFailed, touch, type ClientState, type CoreContext } from './client-state.ts';

type AuthorizeSubscribe = NonNullable<AedesOptions['authorizeSubscribe']>;

const V5_TOPIC_FILTER_INVALID = 0x8f;
const V3_FAILURE = 0x80;

/**
 * Subscriptions the tap refused, with the filter as sent (the tap may rename it);
 * `authorizeSubscribe` keeps their code (granted-code touchpoint).
 */
export type RefusedSubscriptions = WeakMap<object, string>;

/**
 * aedes answers every MQTT 5 `$share/…` filter with 0x9E (shared subscriptions not supported) before
 * any hook runs; the spec wants 0x8F for every filter off the allow-list, so a refused one is renamed
 * to a placeholder (one per entry: aedes merges equal filters) and its own name kept for the event.
 */
const SHARE_PREFIX = '$share/';
const renamedShare = (index: number) => `$iothub/refused-share/${String(index)}`;

/**
 * Runs from the parser tap on every SUBSCRIBE, before aedes copies the requested QoS as the code of
 * its SUBACK: granted QoS is min(requested, 1); a filter off the allow-list gets 0x80 (MQTT 5:
 * 0x8F "topic filter invalid", `$share/…` too) (spec §1.1, §3). The allow-list depends only on the session kind, known
 * from CONNECT (preConnect has run by then, even for a SUBSCRIBE sent in the same write).
 */
export function adjustSubscribe(
  packet: SubscribePacket,
  state: ClientState,
  refused: RefusedSubscriptions,
): void {
  const list = state.sessionKind === 'provision' ? PROVISION_FILTERS : DEVICE_FILTERS;
  const allowed = (filter: string) =>
    state.sessionKind === 'operator' ? isOperatorFilter(filter) : list.has(filter);
  packet.subscriptions.forEach((sub, index) => {
    if (allowed(sub.topic)) {
      sub.qos = sub.qos >= 1 ? 1 : 0;
      return;
    }
    refused.set(sub, sub.topic);
    (sub as { qos: number }).qos =
      state.protocolVersion === 5 ? V5_TOPIC_FILTER_INVALID : V3_FAILURE;
    if (state.protocolVersion === 5 && sub.topic.startsWith(SHARE_PREFIX))
      sub.topic = renamedShare(index);
  });
}

/** aedes `authorizeSubscribe`: the platform records the subscription; refusals keep their code. */
export function authorizeSubscribeHook(
  ctx: CoreContext,
  refused: RefusedSubscriptions,
): AuthorizeSubscribe {
  return (client, sub, done) => {
    try {
      decideSubscription(ctx, refused, client, sub, done);
    } catch (error) {
      hookFailed(ctx, 'subscribe', error);
      done(new Error('server error'));
    }
  };
}

function decideSubscription(
  ctx: CoreContext,
  refused: RefusedSubscriptions,
  client: Client,
  sub: Subscription,
  done: Parameters<AuthorizeSubscribe>[2],
): void {
  const state = ctx.states.get(client);
  if (!state?.session) {
    done(new Error('subscribe before the session was set up'));
    return;
  }
  touch(ctx, client, state);
  const [granted] = ctx.hub.connections.subscribe(state.session, [
    { topic: refused.get(sub) ?? sub.topic, qos: sub.qos },
  ]);
  if (granted && !refused.has(sub)) {
    done(null, sub);
    return;
  }
  // spec §3: 0x80 on 3.1.1 (aedes' answer to null); MQTT 5 keeps the 0x8F set by the tap
  done(null, client.version === 5 ? refusalKeepingCode(sub) : null);
}

/** aedes 'subscribe' / 'unsubscribe' events (public): the platform learns what is in effect. */
export function watchSubscriptions(ctx: CoreContext, broker: Aedes): void {
  broker.on('subscribe', (subs, client) => {
    const session = ctx.states.get(client)?.session;
    if (!session) return;
    const granted = subs.flatMap((s) => session.subscriptions.get(s.topic) ?? []);
    ctx.hub.connections.subscribed(session, granted);
  });
  broker.on('unsubscribe', (topics, client) => {
    const state = ctx.states.get(client);
    if (!state?.session) return;
    touch(ctx, client, state); // an UNSUBSCRIBE is activity (spec §13)
    ctx.hub.connections.unsubscribe(state.session, topics);
  });
}
