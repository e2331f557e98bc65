import { randomUUID } from 'node:crypto';

import {
  StorageError,
  type DeviceCredentials,
  type DeviceRecord,
  type Storage,
} from '../storage/storage.ts';

import { credentialsProblem, generateToken, storedCredentials } from './credentials.ts';
import { HubError, invalid, notFound } from './errors.ts';
import type { EventsService } from './events-service.ts';
import type { GatewayNotifications } from './gateway-notifications.ts';
import { DEFAULT_PROFILE, type ProfilesService } from './profiles-service.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface DeviceInput {
  name: string;
  /** Profile id or name; `default` when missing. */
  profile?: string;
  type?: string;
  gateway?: boolean;
  /** A generated access token when missing. */
  credentials?: DeviceCredentials;
}

export interface DeviceView extends DeviceRecord {
  profileName: string;
  online: boolean;
  lastActivityTime: number | null;
}

/** Device registry: devices, their credentials, and closing their sessions when those change. */
export class DevicesService {
  /** Set by the hub: reads `lastActivityTime` for views. */
  lastActivity: (deviceId: string) => number | null = () => null;
  /** Set by the hub: tells a sub-device's gateway about a rename or a deletion (spec §12). */
  gatewayNotices: GatewayNotifications | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly profiles: ProfilesService,
    private readonly sessions: SessionRegistry,
    private readonly events: EventsService,
  ) {}

  get(idOrName: string): DeviceRecord {
    const device = this.storage.devices.get(idOrName) ?? this.storage.devices.getByName(idOrName);
    if (!device) throw notFound(`device ${idOrName}`);
    return device;
  }

  find(idOrName: string): DeviceRecord | undefined {
    return this.storage.devices.get(idOrName) ?? this.storage.devices.getByName(idOrName);
  }

  view(device: DeviceRecord): DeviceView {
    return {
      ...device,
      profileName: this.storage.profiles.get(device.profileId)?.name ?? '?',
      online: this.sessions.isOnline(device.id),
      lastActivityTime: this.lastActivity(device.id),
    };
  }

  list(query: { offset?: number; limit?: number; nameContains?: string } = {}): {
    items: DeviceView[];
    total: number;
  } {
    const page = this.storage.devices.list(query);
    return { items: page.items.map((d) => this.view(d)), total: page.total };
  }

  async create(
    input: DeviceInput,
  ): Promise<{ device: DeviceRecord; credentials: DeviceCredentials }> {
    const name = input.name.trim();
    if (name === '') throw invalid('device name must not be empty');
    const profile = this.profiles.get(input.profile ?? DEFAULT_PROFILE);
    const credentials = input.credentials ?? { type: 'ACCESS_TOKEN', token: generateToken() };
    const problem = credentialsProblem(credentials);
    if (problem) throw invalid(`invalid credentials: ${problem}`);
    if (this.storage.devices.getByName(name))
      throw new HubError('ALREADY_EXISTS', `a device named ${name} already exists`);
    const device: DeviceRecord = {
      id: randomUUID(),
      name,
      profileId: profile.id,
      type: input.type ?? profile.name,
      gateway: input.gateway ?? false,
      customerId: null,
      createdAt: Date.now(),
    };
    try {
      await this.storage.devices.create(device, storedCredentials(device.id, credentials));
    } catch (error) {
      throw conflictAsHubError(
        error,
        'a device with this name or these credentials already exists',
      );
    }
    return { device, credentials };
  }

  async update(
    idOrName: string,
    patch: { name?: string; profile?: string; gateway?: boolean; type?: string },
  ): Promise<DeviceRecord> {
    const current = this.get(idOrName);
    const next: DeviceRecord = { ...current };
    if (patch.name !== undefined) {
      if (patch.name.trim() === '') throw invalid('device name must not be empty');
      next.name = patch.name.trim();
    }
    if (patch.profile !== undefined) next.profileId = this.profiles.get(patch.profile).id;
    if (patch.gateway !== undefined) next.gateway = patch.gateway;
    if (patch.type !== undefined) next.type = patch.type;
    const gateway =
      next.name === current.name ? undefined : this.gatewayNotices?.gatewayOf(current);
    try {
      await this.storage.devices.update(next);
    } catch (error) {
      throw conflictAsHubError(error, `a device named ${next.name} already exists`);
    }
    if (gateway) await this.gatewayNotices?.renamed(gateway, current.name, next.name);
    return next;
  }

  /** Deletes a device and closes its sessions (spec §13 "Server-side closes"). */
  async delete(idOrName: string): Promise<void> {
    const device = this.get(idOrName);
    const gateway = this.gatewayNotices?.gatewayOf(device);
    this.closeSessions(device, 'device deleted');
    await this.storage.devices.delete(device.id);
    if (gateway) await this.gatewayNotices?.deleted(gateway, device.name);
  }

  getCredentials(idOrName: string): DeviceCredentials {
    const device = this.get(idOrName);
    const stored = this.storage.devices.getCredentials(device.id);
    if (!stored) throw notFound(`credentials of ${device.name}`);
    return stored.credentials;
  }

  /** Replaces the credentials and closes the device's sessions (spec §13). */
  async setCredentials(idOrName: string, credentials: DeviceCredentials): Promise<void> {
    const device = this.get(idOrName);
    const problem = credentialsProblem(credentials);
    if (problem) throw invalid(`invalid credentials: ${problem}`);
    try {
      await this.storage.devices.setCredentials(storedCredentials(device.id, credentials));
    } catch (error) {
      throw conflictAsHubError(error, 'these credentials belong to another device');
    }
    this.closeSessions(device, 'credentials changed');
  }

  closeSessions(device: DeviceRecord, reason: string): void {
    for (const session of this.sessions.forDevice(device.id)) {
      session.closeReason = reason;
      session.link.close(0x98); // v5 "Administrative action"
    }
  }
}

function conflictAsHubError(error: unknown, message: string): unknown {
  if (error instanceof StorageError && error.code === 'CONFLICT')
    return new HubError('ALREADY_EXISTS', message);
  return error;
}
