/**
 * Client-side RPC (spec §8): publish `{"method":…,"params":…}` to `…/rpc/request/{id}` and wait for
 * `…/rpc/response/{id}` of the same family. The broker answers even without a subscription; the
 * response filter is subscribed anyway so the reply's QoS is the one asked for (spec §3).
 */
import { Correlator, RequestTimeoutError } from '@/client/correlator.ts';
import type { RpcResponseEvent } from '@/client/device-events.ts';
import { devicePart, type DeviceSide } from '@/lib/device-side.ts';
import { outboundTopic, responseFilter } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

export interface ClientRpcInput {
  family: Family;
  method: string;
  /** Params as strict JSON, or null to leave them out. */
  paramsJson: string | null;
  timeoutMs: number;
}

export interface ClientRpcResult {
  requestId: number | null;
  method: string;
  /** The reply as received, or `{"error":"timeout"}` when none came in time. */
  text: string;
  timedOut: boolean;
  /** From publishing the request to receiving the reply (or giving up). */
  elapsedMs: number;
}

/** The two built-in methods (spec §8) as one-click presets. */
export const CLIENT_RPC_PRESETS = [
  { method: 'getTime', paramsJson: '{}' },
  { method: 'getSessionLimits', paramsJson: '{}' },
] as const;

/** What a client RPC that got no reply in time shows, as the platform's own timeout reply reads. */
export const TIMEOUT_REPLY = '{"error":"timeout"}';

export function encodeClientRpc(method: string, paramsJson: string | null): string {
  const params = paramsJson === null ? '' : `,"params":${paramsJson}`;
  return `{"method":${JSON.stringify(method)}${params}}`;
}

export interface ClientRpcCaller {
  call(input: ClientRpcInput): Promise<ClientRpcResult>;
  dispose(): void;
}

/**
 * Replies arrive as the router's `rpcResponse` events. Per connection: a call still waiting when
 * `connect()` starts a new connection fails then — a reply with its id on the new connection
 * answers another request (ids are per session), never this one.
 */
export function createClientRpc(
  { channel, router }: DeviceSide,
  now: () => number = Date.now,
): ClientRpcCaller {
  const requests = new Correlator<number, RpcResponseEvent>({ timeoutMs: 10_000 });
  const stops = [
    router.on('rpcResponse', (event) => {
      requests.resolve(event.requestId, event);
    }),
    router.onConnect(() => {
      requests.rejectAll('The console connected anew before the reply came.');
    }),
  ];

  async function ensureSubscribed(family: Family): Promise<void> {
    const filter = responseFilter.rpcResponse(family);
    // A new connect() forgets subscriptions; an automatic reconnect keeps them.
    if (filter in channel.store.getState().subscriptions) return;
    await channel.subscribe({ [filter]: 1 });
  }

  return {
    async call({ family, method, paramsJson, timeoutMs }) {
      await ensureSubscribed(family);
      const started = now();
      let id = channel.nextRequestId();
      while (requests.has(id)) id = channel.nextRequestId();
      const requestId: number | null = id;
      try {
        const message = await requests.request(
          id,
          () =>
            channel.publish(
              outboundTopic.rpcRequest(family, id),
              encodeClientRpc(method, paramsJson),
              { qos: 1 },
            ),
          timeoutMs,
        );
        return {
          requestId,
          method,
          text: message.text,
          timedOut: false,
          elapsedMs: now() - started,
        };
      } catch (error) {
        if (!(error instanceof RequestTimeoutError)) throw error;
        return {
          requestId,
          method,
          text: TIMEOUT_REPLY,
          timedOut: true,
          elapsedMs: now() - started,
        };
      }
    },
    dispose() {
      for (const stop of stops) stop();
      requests.rejectAll('The client RPC was cancelled.');
    },
  };
}

/** One caller per session (app/device-parts.ts). */
export const clientRpcPart = devicePart('client RPC', (side) => createClientRpc(side));
