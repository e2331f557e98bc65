import type { OtaKind } from '@protocol/topics.ts';

/** One measured step: what happened and when (Unix ms, this tab's clock for both sessions). */
export interface TimelineStep {
  label: string;
  at: number;
}

/** What an `ota` entry has seen of the device's download so far. */
export interface OtaTrack {
  /** `fw` or `sw`; null until the package type is known (from `ota.list` or the device's push). */
  kind: OtaKind | null;
  firstChunk: number | null;
  lastChunk: number | null;
  /** Chunk responses the device received. */
  chunks: number;
  /** The device reported UPDATED or FAILED: later reports belong to another assignment. */
  done: boolean;
}

/** One operator action followed across both sessions. */
export interface TimelineEntry {
  id: number;
  /** `fault`: a fault injection rule fired (its event's words are the title; no steps). */
  kind: 'rpc' | 'attribute' | 'ota' | 'fault';
  title: string;
  startedAt: number;
  steps: TimelineStep[];
  /**
   * What the device side is expected to see (RPC method or shared attribute keys), and the device
   * the operator aimed at: only the device session connected as that device can link to it.
   */
  match: {
    method?: string;
    keys?: string[];
    target?: { deviceId?: unknown; deviceName?: unknown };
  };
  /** The request id the device saw, once it received the RPC. */
  deviceRequestId?: number;
  /** `ota` entries: the download as the device side saw it. */
  ota?: OtaTrack;
}

/** Steps in time order: packet-log steps arrive a frame late, after steps that happened later. */
export const withStep = (steps: readonly TimelineStep[], step: TimelineStep): TimelineStep[] =>
  [...steps, step].sort((a, b) => a.at - b.at);

export const addStep = (e: TimelineEntry, label: string, at: number): TimelineEntry => ({
  ...e,
  steps: withStep(e.steps, { label, at }),
});

export const hasStep = (e: TimelineEntry, label: string): boolean =>
  e.steps.some((s) => s.label === label);

/** The JSON value of a payload, or undefined when it is not JSON. */
export function parseJson(text: string | null): unknown {
  try {
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** The payload as a JSON object, or null. */
export function parseObject(text: string | null): Record<string, unknown> | null {
  const body = parseJson(text);
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}
