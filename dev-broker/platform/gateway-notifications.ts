import type { DeviceRecord, Storage } from '../storage/storage.ts';

import type { AttributesService } from './attributes-service.ts';
import type { EventsService } from './events-service.ts';
import type { RpcService } from './rpc-service.ts';
import type { SessionRegistry } from './session-registry.ts';

/** spec §12: the notices expire after one day and are retried 3 times (as the reference sends them). */
const NOTICE_TTL_MS = 24 * 60 * 60 * 1000;
const NOTICE_RETRIES = 3;

/**
 * Tells a sub-device's gateway when the operator renames or deletes the sub-device (spec §12): a
 * persistent one-way RPC on the gateway's own RPC topic, `gateway_device_renamed` with
 * `{"<old>":"<new>"}` or `gateway_device_deleted` with `"<name>"`.
 *
 * The gateway is the one the sub-device is connected through now, else the one that created it
 * (server attribute `createdByGateway`), if that device still exists and is a gateway.
 */
export class GatewayNotifications {
  constructor(
    private readonly d: {
      storage: Storage;
      sessions: SessionRegistry;
      attributes: AttributesService;
      rpc: RpcService;
      events: EventsService;
    },
  ) {}

  /** The gateway to tell about `device`; read before the device changes (a deletion takes its attributes). */
  gatewayOf(device: DeviceRecord): DeviceRecord | undefined {
    const connected = this.d.sessions.gatewayFor(device.id)?.deviceId;
    const creator = this.d.attributes.get(device.id, 'SERVER', ['createdByGateway'])[0]?.value;
    const id = connected ?? (creator?.type === 'STRING' ? creator.value : undefined);
    const gateway =
      id === undefined || id === device.id ? undefined : this.d.storage.devices.get(id);
    return gateway?.gateway ? gateway : undefined;
  }

  renamed(gateway: DeviceRecord, oldName: string, newName: string): Promise<void> {
    return this.#send(gateway, 'gateway_device_renamed', { [oldName]: newName });
  }

  deleted(gateway: DeviceRecord, name: string): Promise<void> {
    return this.#send(gateway, 'gateway_device_deleted', name);
  }

  /** Never fails the rename or deletion that is already done: a failure becomes an event. */
  async #send(gateway: DeviceRecord, method: string, params: unknown): Promise<void> {
    try {
      await this.d.rpc.send({
        deviceId: gateway.id,
        method,
        params,
        oneway: true,
        persistent: true,
        expirationTime: Date.now() + NOTICE_TTL_MS,
        retries: NOTICE_RETRIES,
      });
    } catch (error) {
      this.d.events.record({
        kind: 'dropped',
        deviceId: gateway.id,
        deviceName: gateway.name,
        message: `${method} ${JSON.stringify(params)} could not be queued for the gateway: ${(error as Error).message}`,
      });
    }
  }
}
