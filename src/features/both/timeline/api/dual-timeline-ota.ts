/**
 * The split view's `ota` entries (spec §11 as both sides see it): an operator's `ota.assign`, then on
 * the device session the `fw_*` attribute push, the chunk responses (one aggregated "chunks a..b"
 * step) and the `fw_state` the device publishes (VERIFIED, UPDATED or FAILED). Pure helpers.
 */
import type { DeviceInbound } from '@/client/device-events.ts';
import type { OperatorMethod } from '@protocol/operator-api.ts';
import type { OtaPackageDto } from '@protocol/operator-ota-dto.ts';
import { outboundTopic } from '@protocol/topics.ts';
import type { Family, OtaKind } from '@protocol/topics.ts';

import { addStep, parseObject, withStep } from './dual-timeline-entry.ts';
import type { OtaTrack, TimelineEntry } from './dual-timeline-entry.ts';

/** What the timeline needs to name a package in its title. */
export type KnownPackage = Pick<OtaPackageDto, 'title' | 'version' | 'type'>;

/** What the device side did that may belong to an `ota` entry. */
export type OtaDeviceEvent =
  | { what: 'attributes'; kind: OtaKind; title: string }
  | { what: 'chunk'; kind: OtaKind; chunk: number }
  | {
      what: 'state';
      kind: OtaKind;
      state: 'VERIFIED' | 'UPDATED' | 'FAILED';
      error: string | null;
    };

const KINDS: readonly OtaKind[] = ['fw', 'sw'];
const JSON_FAMILIES: readonly Family[] = ['v1', 'v2', 'v2j'];
const REPORTED = ['VERIFIED', 'UPDATED', 'FAILED'] as const;
const KIND_WORD: Record<OtaKind, string> = { fw: 'firmware', sw: 'software' };
const kindOfType = (type: KnownPackage['type']): OtaKind => (type === 'FIRMWARE' ? 'fw' : 'sw');
const CHUNKS = 'chunks ';

function isPackage(value: unknown): value is OtaPackageDto {
  const v = value as Partial<OtaPackageDto> | null;
  return typeof v?.id === 'string' && typeof v.title === 'string' && typeof v.version === 'string';
}

/** Learns package names from the results of `ota.list`, `ota.get`, `ota.upload(.finish)`. */
export function rememberPackages(
  method: OperatorMethod,
  result: unknown,
  known: Map<string, KnownPackage>,
): void {
  if (!method.startsWith('ota.')) return;
  for (const pkg of Array.isArray(result) ? result : [result]) {
    if (isPackage(pkg))
      known.set(pkg.id, { title: pkg.title, version: pkg.version, type: pkg.type });
  }
}

/** The title and track of the entry an `ota.assign` call starts. */
export function otaAssignEntry(
  params: Record<string, unknown>,
  known: ReadonlyMap<string, KnownPackage>,
): { title: string; ota: OtaTrack } | null {
  if (typeof params.packageId !== 'string') return null;
  const pkg = known.get(params.packageId);
  const target = [params.deviceName, params.profileName, params.deviceId, params.profileId].find(
    (t) => typeof t === 'string',
  );
  const what =
    pkg === undefined
      ? `OTA package ${params.packageId.slice(0, 8)}`
      : `${KIND_WORD[kindOfType(pkg.type)]} ${pkg.title} ${pkg.version}`;
  return {
    title: `${what} assigned${typeof target === 'string' ? ` to ${target}` : ''}`,
    ota: {
      kind: pkg === undefined ? null : kindOfType(pkg.type),
      firstChunk: null,
      lastChunk: null,
      chunks: 0,
      done: false,
    },
  };
}

/** A chunk response, or a shared-attribute push naming a package (the router's typed events). */
export function otaEventOfDevice(event: DeviceInbound): OtaDeviceEvent | null {
  if (event.kind === 'otaChunk') return { what: 'chunk', kind: event.ota, chunk: event.chunk };
  if (event.kind !== 'sharedAttributes' || event.change.kind !== 'updated') return null;
  const values = event.change.values;
  for (const kind of KINDS) {
    const title = values[`${kind}_title`];
    const version = values[`${kind}_version`];
    if (title !== undefined || version !== undefined) {
      const named = [title, version].filter((v) => v !== undefined).map(String);
      return { what: 'attributes', kind, title: named.join(' ') };
    }
  }
  return null;
}

/** An outbound PUBLISH of the device session: telemetry carrying `fw_state` VERIFIED, UPDATED or FAILED. */
export function otaEventOfPacket(topic: string, payloadText: string | null): OtaDeviceEvent | null {
  if (!JSON_FAMILIES.some((f) => outboundTopic.telemetry(f) === topic)) return null;
  const body = parseObject(payloadText);
  for (const kind of KINDS) {
    const state = REPORTED.find((s) => s === body?.[`${kind}_state`]);
    if (state !== undefined) {
      const error = body?.[`${kind}_error`];
      return { what: 'state', kind, state, error: typeof error === 'string' ? error : null };
    }
  }
  return null;
}

/** Whether `event` continues `entry`: an open `ota` entry of the same kind (or of a kind not known yet). */
export function acceptsOtaEvent(entry: TimelineEntry, event: OtaDeviceEvent): boolean {
  const track = entry.ota;
  if (entry.kind !== 'ota' || track === undefined || track.done) return false;
  if (track.kind !== null && track.kind !== event.kind) return false;
  return event.what !== 'attributes' || !entry.steps.some((s) => s.label.startsWith('device '));
}

/** `entry` with `event` as a step: chunks update one "chunks a..b" step instead of adding one each. */
export function applyOtaEvent(
  entry: TimelineEntry,
  event: OtaDeviceEvent,
  at: number,
): TimelineEntry {
  const track: OtaTrack = { ...(entry.ota ?? emptyTrack()), kind: event.kind };
  if (event.what === 'attributes')
    return { ...addStep(entry, `device received ${event.title}`, at), ota: track };
  if (event.what === 'state') {
    const label = event.error === null ? event.state : `${event.state} (${event.error})`;
    const done = event.state !== 'VERIFIED';
    return { ...addStep(entry, label, at), ota: { ...track, done } };
  }
  track.firstChunk = Math.min(track.firstChunk ?? event.chunk, event.chunk);
  track.lastChunk = Math.max(track.lastChunk ?? event.chunk, event.chunk);
  track.chunks += 1;
  const label = `${CHUNKS}${String(track.firstChunk)}..${String(track.lastChunk)}`;
  const kept = entry.steps.filter((s) => !s.label.startsWith(CHUNKS));
  return { ...entry, steps: withStep(kept, { label, at }), ota: track };
}

function emptyTrack(): OtaTrack {
  return { kind: null, firstChunk: null, lastChunk: null, chunks: 0, done: false };
}
