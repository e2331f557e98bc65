import { otaAttributeKeys, otaTelemetryKeys } from '../../src/protocol/codecs/firmware.ts';
import type { TsKvEntry } from '../../src/protocol/kv.ts';
import type { Settings } from '../config/settings.ts';
import type { Faults } from '../faults/faults.ts';
import type {
  OtaAssignment,
  OtaAssignmentQuery,
  OtaPackageRecord,
  OtaPackageType,
  OtaTarget,
} from '../storage/ota-store.ts';
import { StorageError, type DeviceRecord, type Storage } from '../storage/storage.ts';

import type { AttributesService } from './attributes-service.ts';
import type { DeviceSession } from './device-session.ts';
import { HubError, notFound } from './errors.ts';
import type { EventsService } from './events-service.ts';
import {
  OtaChunkServer,
  type ChunkOutcome,
  type ChunkRequest,
  type ChunkServed,
} from './ota-chunks.ts';
import {
  otaAttributes,
  otaKindOf,
  otaStatePoint,
  otaTargetPoints,
  staleOtaKeys,
} from './ota-entries.ts';
import { buildPackage, type OtaUploadInput } from './ota-packages.ts';
import { hasProgress, progressOf, valueText, type OtaDeviceStatus } from './ota-status.ts';
import type { TelemetryService } from './telemetry-service.ts';

/** Where an assignment goes: a device or a profile, each by id or name. */
export type OtaTargetInput = { deviceId: string } | { profileId: string };

/** What the operator API's `ota` events carry (spec §11 progress). */
export type OtaChange =
  | {
      kind: 'assigned';
      deviceId: string;
      type: OtaPackageType;
      packageId: string;
      via: OtaTarget['kind'];
    }
  | { kind: 'unassigned'; deviceId: string; type: OtaPackageType }
  | ({ kind: 'chunk' } & ChunkServed)
  | {
      kind: 'state';
      deviceId: string;
      type: OtaPackageType;
      state: string;
      error: string | null;
      ts: number;
    };

export type OtaListener = (change: OtaChange) => void;

export interface OtaServiceDeps {
  storage: Storage;
  attributes: AttributesService;
  telemetry: TelemetryService;
  events: EventsService;
  settings: () => Settings;
  /** Fault injection rules (ADR 0011), for the chunks served. */
  faults?: Faults;
}

const TYPES: readonly OtaPackageType[] = ['FIRMWARE', 'SOFTWARE'];

/**
 * Firmware and software OTA (spec §11): packages, assignments to devices and profiles (the device's own
 * wins), the `fw_*`/`sw_*` shared attributes and `fw_state` telemetry they cause, chunk serving, and
 * progress from the device-reported state.
 */
export class OtaService {
  readonly #listeners = new Set<OtaListener>();
  readonly #chunks: OtaChunkServer;
  readonly #offTelemetry: () => void;

  constructor(private readonly d: OtaServiceDeps) {
    this.#chunks = new OtaChunkServer({
      storage: d.storage,
      events: d.events,
      settings: d.settings,
      ...(d.faults ? { faults: d.faults } : {}),
      resolve: (deviceId, type) => this.resolve(deviceId, type),
      served: (chunk) => {
        this.#emit({ kind: 'chunk', ...chunk });
      },
    });
    this.#offTelemetry = d.telemetry.onSaved((deviceId, points) => {
      this.#watchStates(deviceId, points);
    });
  }

  /** Stores a package (bytes or URL); resolves once durable. ALREADY_EXISTS on a taken title + version. */
  async upload(input: OtaUploadInput): Promise<OtaPackageRecord> {
    const pkg = buildPackage(input, Date.now());
    try {
      await this.d.storage.ota.create(pkg, input.data ?? null);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'CONFLICT') {
        throw new HubError(
          'ALREADY_EXISTS',
          `a package ${pkg.title} ${pkg.version} already exists`,
        );
      }
      throw error;
    }
    return pkg;
  }

  list(): OtaPackageRecord[] {
    return this.d.storage.ota.list();
  }

  get(id: string): OtaPackageRecord {
    const pkg = this.d.storage.ota.get(id);
    if (!pkg) throw notFound(`OTA package ${id}`);
    return pkg;
  }

  /** Bytes of a package (all of them by default); NOT_FOUND for a URL package. */
  readData(id: string, offset = 0, length?: number): Uint8Array {
    const pkg = this.get(id);
    const bytes = this.d.storage.ota.readData(pkg.id, offset, length ?? pkg.size);
    if (!bytes) throw notFound(`bytes of OTA package ${id}`);
    return bytes;
  }

  /** Deletes a package; FAILED_PRECONDITION while it is assigned to a device or profile. */
  async delete(id: string): Promise<void> {
    const pkg = this.get(id);
    const uses = this.d.storage.ota.listAssignments({ packageId: pkg.id }).length;
    if (uses > 0)
      throw new HubError(
        'FAILED_PRECONDITION',
        `package ${pkg.title} ${pkg.version} is still assigned (${uses}); unassign it first`,
      );
    try {
      await this.d.storage.ota.delete(pkg.id);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'CONFLICT')
        throw new HubError('FAILED_PRECONDITION', error.message);
      throw error;
    }
  }

  assignments(query?: OtaAssignmentQuery): OtaAssignment[] {
    return this.d.storage.ota.listAssignments(query);
  }

  /**
   * Assigns the package to a device or a profile (replacing that target's package of the same type)
   * and updates every affected device: the device itself, or each device of the profile that has no
   * own assignment of the type.
   */
  async assign(packageId: string, target: OtaTargetInput): Promise<OtaAssignment> {
    const pkg = this.get(packageId);
    const t = this.#target(target);
    return this.#changing(t, pkg.type, () => this.d.storage.ota.assign(t, pkg.id, Date.now()));
  }

  /** Removes the target's assignment of the type; resolves false when there was none. */
  async unassign(type: OtaPackageType, target: OtaTargetInput): Promise<boolean> {
    const t = this.#target(target);
    return this.#changing(t, type, () => this.d.storage.ota.unassign(t, type));
  }

  /** The package the device gets for the type: its own assignment, else its profile's (spec §11). */
  resolve(deviceId: string, type: OtaPackageType): OtaPackageRecord | undefined {
    const device = this.d.storage.devices.get(deviceId);
    if (!device) return undefined;
    const own = this.d.storage.ota.getAssignment({ kind: 'device', id: device.id }, type);
    const assignment =
      own ?? this.d.storage.ota.getAssignment({ kind: 'profile', id: device.profileId }, type);
    return assignment && this.d.storage.ota.get(assignment.packageId);
  }

  /**
   * Firmware and software progress from the latest telemetry: of one device (by id or name), or of
   * every device that has an assignment or OTA telemetry.
   */
  status(deviceId?: string): OtaDeviceStatus[] {
    const devices =
      deviceId === undefined ? this.d.storage.devices.list().items : [this.#device(deviceId)];
    const out: OtaDeviceStatus[] = [];
    for (const device of devices) {
      const latest = (keys: string[]) => this.d.telemetry.latest(device.id, keys);
      const firmware = progressOf('FIRMWARE', this.resolve(device.id, 'FIRMWARE'), latest);
      const software = progressOf('SOFTWARE', this.resolve(device.id, 'SOFTWARE'), latest);
      if (deviceId !== undefined || hasProgress(firmware) || hasProgress(software)) {
        out.push({ deviceId: device.id, deviceName: device.name, firmware, software });
      }
    }
    return out;
  }

  /** Handles `v2/{fw|sw}/request/{reqId}/chunk/{n}` for the device API (spec §11). */
  serveChunk(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    request: ChunkRequest,
    payload: string,
  ): Promise<ChunkOutcome> {
    return this.#chunks.serve(session, device, topic, request, payload);
  }

  /** Assignments, chunks served and `fw_state`/`sw_state` changes; returns the unsubscribe function. */
  onChange(listener: OtaListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#offTelemetry();
    this.#listeners.clear();
  }

  /** Runs an assignment change, then brings each affected device to its new effective package. */
  async #changing<T>(
    target: OtaTarget,
    type: OtaPackageType,
    change: () => Promise<T>,
  ): Promise<T> {
    const affected = this.#affected(target, type).map((device) => ({
      device,
      before: this.resolve(device.id, type)?.id,
    }));
    const result = await change();
    for (const { device, before } of affected) await this.#apply(device.id, type, before);
    return result;
  }

  /** The device itself, or the devices of the profile that have no own assignment of the type. */
  #affected(target: OtaTarget, type: OtaPackageType): DeviceRecord[] {
    if (target.kind === 'device') return [this.#device(target.id)];
    return this.d.storage.devices
      .list()
      .items.filter(
        (d) =>
          d.profileId === target.id &&
          !this.d.storage.ota.getAssignment({ kind: 'device', id: d.id }, type),
      );
  }

  /** Pushes the new effective package, or deletes the keys when none is left; nothing if unchanged. */
  async #apply(deviceId: string, type: OtaPackageType, before: string | undefined): Promise<void> {
    const now = this.resolve(deviceId, type);
    if (now?.id === before) return;
    if (now) {
      await this.#push(deviceId, now);
      return;
    }
    await this.d.attributes.delete(deviceId, 'SHARED', otaAttributeKeys(otaKindOf(type)));
    this.#emit({ kind: 'unassigned', deviceId, type });
  }

  /** spec §11: QUEUED with the target, the shared attributes (pushed to the device), then INITIATED. */
  async #push(deviceId: string, pkg: OtaPackageRecord): Promise<void> {
    const ts = Date.now();
    await this.d.telemetry.save(deviceId, [
      ...otaTargetPoints(pkg, ts),
      otaStatePoint(pkg.type, 'QUEUED', ts),
    ]);
    await this.d.attributes.save(deviceId, 'SHARED', otaAttributes(pkg));
    await this.d.attributes.delete(deviceId, 'SHARED', staleOtaKeys(pkg));
    // a later ts than QUEUED, so that both stay in the history
    await this.d.telemetry.save(deviceId, [
      otaStatePoint(pkg.type, 'INITIATED', Math.max(Date.now(), ts + 1)),
    ]);
    const via = this.d.storage.ota.getAssignment({ kind: 'device', id: deviceId }, pkg.type)
      ? 'device'
      : 'profile';
    this.#emit({ kind: 'assigned', deviceId, type: pkg.type, packageId: pkg.id, via });
  }

  #watchStates(deviceId: string, points: TsKvEntry[]): void {
    if (this.#listeners.size === 0) return;
    for (const type of TYPES) {
      const keys = otaTelemetryKeys(otaKindOf(type));
      const error = points.find((p) => p.key === keys.error);
      for (const p of points) {
        if (p.key !== keys.state) continue;
        this.#emit({
          kind: 'state',
          deviceId,
          type,
          state: valueText(p.value),
          error: error ? valueText(error.value) : null,
          ts: p.ts,
        });
      }
    }
  }

  #device(idOrName: string): DeviceRecord {
    const device =
      this.d.storage.devices.get(idOrName) ?? this.d.storage.devices.getByName(idOrName);
    if (!device) throw notFound(`device ${idOrName}`);
    return device;
  }

  #target(input: OtaTargetInput): OtaTarget {
    if ('deviceId' in input) return { kind: 'device', id: this.#device(input.deviceId).id };
    const profile =
      this.d.storage.profiles.get(input.profileId) ??
      this.d.storage.profiles.getByName(input.profileId);
    if (!profile) throw notFound(`profile ${input.profileId}`);
    return { kind: 'profile', id: profile.id };
  }

  #emit(change: OtaChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
