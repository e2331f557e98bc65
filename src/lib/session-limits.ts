import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import { decodeSessionLimits } from '@protocol/codecs/rpc.ts';
import { outboundTopic, parseInboundTopic } from '@protocol/topics.ts';

import { createCorrelatedRequests, perChannel } from './correlated-requests.ts';
import type { ChannelMessage, LiveChannel } from './device-channel.ts';

export interface SessionLimitsState {
  /** The broker's largest accepted payload in bytes, once this connection has asked; else null. */
  maxPayloadSize: number | null;
}

const REQUEST = '{"method":"getSessionLimits"}';

/**
 * The broker's limits for the device session: asked with the built-in client-side RPC
 * `getSessionLimits` (spec §8) each time a device connection opens (not a provision session), and
 * forgotten when the console connects anew. The reply comes without a subscription (spec §3).
 */
export const sessionLimitsFor = perChannel((channel: LiveChannel) => {
  const store = createStore<SessionLimitsState>()(() => ({ maxPayloadSize: null }));
  const requests = createCorrelatedRequests<ChannelMessage>(channel, {
    responseId: (topic) => {
      const route = parseInboundTopic(topic);
      return route.kind === 'rpcResponse' && route.family === 'v1' ? route.requestId : undefined;
    },
    decode: (message) => message,
    timeoutMs: 10_000,
  });
  const ask = () => {
    const seq = channel.store.getState().connectSeq;
    requests
      .request((id) => channel.publish(outboundTopic.rpcRequest('v1', id), REQUEST, { qos: 1 }))
      .then(
        (message) => {
          const limits = decodeSessionLimits(message.text);
          if (limits.ok && channel.store.getState().connectSeq === seq)
            store.setState({ maxPayloadSize: limits.value.maxPayloadSize });
        },
        () => undefined, // no answer: the console does not know the limit and warns about nothing
      );
  };
  const isDevice = () => {
    const { status, credentialKind } = channel.store.getState();
    return status === 'connected' && credentialKind !== 'provision';
  };
  channel.store.subscribe((state, previous) => {
    if (state.connectSeq !== previous.connectSeq) store.setState({ maxPayloadSize: null });
    if (state.status === 'connected' && previous.status !== 'connected' && isDevice()) ask();
  });
  if (isDevice()) ask();
  return store;
});

/** The device session's payload limit in bytes, or null while unknown. */
export function usePayloadLimit(channel: LiveChannel): number | null {
  return useStore(sessionLimitsFor(channel), (s) => s.maxPayloadSize);
}
