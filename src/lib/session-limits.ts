import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import { Correlator } from '@/client/correlator.ts';
import type { RpcResponseEvent } from '@/client/device-events.ts';
import { decodeSessionLimits } from '@protocol/codecs/rpc.ts';
import { outboundTopic } from '@protocol/topics.ts';

import { devicePart, type DeviceSide } from './device-side.ts';
import { useDevicePart } from './session-context.tsx';

export interface SessionLimitsState {
  /** The broker's largest accepted payload in bytes, once this connection has asked; else null. */
  maxPayloadSize: number | null;
}

const REQUEST = '{"method":"getSessionLimits"}';

/**
 * The broker's limits for the device session: asked with the built-in client-side RPC
 * `getSessionLimits` (spec §8) each time a device connection opens (not a provision session), and
 * forgotten (and a question still open dropped) when the console connects anew. The reply comes without a subscription (spec §3). Asked
 * on the always-JSON topics (`v2/r/req/j`, spec §2), so a PROTOBUF profile's device is asked too.
 */
export const sessionLimitsPart = devicePart('session limits', ({ channel, router }: DeviceSide) => {
  const store = createStore<SessionLimitsState>()(() => ({ maxPayloadSize: null }));
  const requests = new Correlator<number, RpcResponseEvent>({ timeoutMs: 10_000 });
  const ask = () => {
    const seq = router.connectSeq;
    let id = channel.nextRequestId();
    while (requests.has(id)) id = channel.nextRequestId();
    void requests
      .request(id, () => channel.publish(outboundTopic.rpcRequest('v2j', id), REQUEST, { qos: 1 }))
      .then(
        (event) => {
          const limits = decodeSessionLimits(event.text);
          if (limits.ok && router.connectSeq === seq)
            store.setState({ maxPayloadSize: limits.value.maxPayloadSize });
        },
        () => undefined, // no answer: the console does not know the limit and warns about nothing
      );
  };
  const isDevice = () => {
    const { status, credentialKind } = channel.store.getState();
    return status === 'connected' && credentialKind !== 'provision';
  };
  const stops = [
    router.on('rpcResponse', (event) => {
      if (event.family === 'v2j') requests.resolve(event.requestId, event);
    }),
    router.onConnect(() => {
      store.setState({ maxPayloadSize: null });
      requests.rejectAll('The console connected anew.');
    }),
    channel.store.subscribe((state, previous) => {
      if (state.status === 'connected' && previous.status !== 'connected' && isDevice()) ask();
    }),
  ];
  if (isDevice()) ask();
  return Object.assign(store, {
    dispose: () => {
      for (const stop of stops) stop();
      requests.rejectAll('The device side was disposed.');
    },
  });
});

/** The device session's payload limit in bytes, or null while unknown. */
export function usePayloadLimit(): number | null {
  return useStore(useDevicePart(sessionLimitsPart), (s) => s.maxPayloadSize);
}
