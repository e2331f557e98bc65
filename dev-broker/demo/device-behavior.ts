import type { Readings } from './readings.ts';

/** What a simulated device answers to a server-side RPC (spec §7), plus client attributes to report. */
export interface RpcAnswer {
  /** Sent as the JSON reply on `…/rpc/response/{id}`. */
  reply: unknown;
  /** Client attributes that changed because of the call (spec §6.1), published before the reply. */
  attributes?: Readings;
}

/**
 * The device-specific part of a simulated device: its telemetry model, the shared attributes it
 * follows and its RPC methods. The MQTT side (connection, subscriptions, firmware) is `SimDevice`'s.
 */
export interface DeviceBehavior {
  /** Reported as the client attribute `model`. */
  readonly model: string;
  /** Telemetry period before `intervalScale` (ms). */
  readonly intervalMs: number;
  /** Shared attributes the device follows: requested on connect and applied on every push. */
  readonly sharedKeys: readonly string[];
  /** Client attributes published on every connect (besides `model` and `firmwareVersion`). */
  clientAttributes(): Readings;
  /** One telemetry sample; `dtMs` is the real time since the previous one (0 for the first). */
  sample(dtMs: number): Readings;
  /** Applies shared attribute values; returns client attributes to report, if any changed. */
  applyShared?(values: Readonly<Record<string, unknown>>): Readings | undefined;
  /** Answers an RPC; undefined when the method is unknown. */
  rpc(method: string, params: unknown): RpcAnswer | undefined;
}

/** The params object of an RPC, or an empty one when they are not an object. */
export function paramsObject(params: unknown): Readonly<Record<string, unknown>> {
  return typeof params === 'object' && params !== null && !Array.isArray(params)
    ? (params as Record<string, unknown>)
    : {};
}

/**
 * Asks the behavior for its answer to a server-side RPC (spec §7, decoded by the device client); an
 * unknown method gets an `{"error":…}` reply.
 */
export function answerRpc(behavior: DeviceBehavior, method: string, params: unknown): RpcAnswer {
  return behavior.rpc(method, params) ?? { reply: { error: `unknown method: ${method}` } };
}
